using Abaco.Core.Settings;

namespace Abaco.Core.Logs;

/// <summary>
/// How long an execution's logs are kept (original-abaco.md §3.6, <c>Actor.get_actor_log_ttl</c>): the actor's own
/// <c>log_ex</c> capped at <c>web.log_ex_limit</c>, else <c>web.log_ex</c>. <c>web.log_ex = -1</c> keeps every log
/// forever: in the original it means "no TTL index", so not even an actor's <c>log_ex</c> expires anything.
/// </summary>
public static class LogRetention
{
    /// <summary>The time to live, or null for "never expires".</summary>
    public static TimeSpan? Ttl(int? actorLogEx, WebSettings web)
    {
        if (web.LogEx < 0) return null;
        var seconds = actorLogEx is { } own ? Math.Min(own, web.LogExLimit) : web.LogEx;
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>When logs written at <paramref name="writtenAt"/> expire, or null for never.</summary>
    public static DateTime? ExpiresAt(DateTime writtenAt, int? actorLogEx, WebSettings web) =>
        Ttl(actorLogEx, web) is { } ttl ? writtenAt + ttl : null;
}
