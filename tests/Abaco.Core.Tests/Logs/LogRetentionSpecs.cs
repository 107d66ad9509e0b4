using Abaco.Core.Logs;
using Abaco.Core.Settings;

namespace Abaco.Core.Tests.Logs;

/// <summary>original-abaco.md §3.6: per-execution log TTL from the actor's <c>log_ex</c> and <c>web.log_ex[_limit]</c>.</summary>
public sealed class LogRetentionSpecs
{
    private static readonly WebSettings Web = AbacoSettings.Defaults.Web with { LogEx = 43200, LogExLimit = 86400 };
    private static readonly DateTime Finished = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact(DisplayName = "An actor without log_ex keeps its logs web.log_ex seconds")]
    public void Default_ttl() => Assert.Equal(TimeSpan.FromSeconds(43200), LogRetention.Ttl(null, Web));

    [Fact(DisplayName = "An actor's log_ex is used when within web.log_ex_limit, even when shorter or longer than web.log_ex")]
    public void Actor_ttl_within_limit()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), LogRetention.Ttl(1, Web));
        Assert.Equal(TimeSpan.FromSeconds(50000), LogRetention.Ttl(50000, Web));
    }

    [Fact(DisplayName = "An actor's log_ex is capped at web.log_ex_limit")]
    public void Actor_ttl_capped() => Assert.Equal(TimeSpan.FromSeconds(86400), LogRetention.Ttl(1_000_000, Web));

    [Fact(DisplayName = "web.log_ex = -1 keeps every log forever, the actor's log_ex included (no expiry at all, as in the original)")]
    public void Forever()
    {
        var forever = Web with { LogEx = -1 };
        Assert.Null(LogRetention.Ttl(null, forever));
        Assert.Null(LogRetention.Ttl(5, forever));
        Assert.Null(LogRetention.ExpiresAt(Finished, 5, forever));
    }

    [Fact(DisplayName = "Logs expire TTL seconds after they are written")]
    public void Expires_after_the_ttl()
    {
        Assert.Equal(Finished.AddSeconds(43200), LogRetention.ExpiresAt(Finished, null, Web));
        Assert.Equal(Finished.AddSeconds(30), LogRetention.ExpiresAt(Finished, 30, Web));
    }
}
