using Abaco.Core.Actors;
using Abaco.Core.Security;
using Abaco.Core.Settings;

namespace Abaco.Runtime.Workers;

/// <summary>
/// The access tokens of workers (reference §3.18, without an API manager): with <c>workers.generate_clients</c> and
/// <c>web.token_signing_key</c> set, a worker of an actor with <c>token = true</c> gets, before every execution, a
/// fresh Abaco token for the actor's owner (tenant, <see cref="ActorRecord.OwnerRoles"/>) naming the actor and the
/// worker. The API accepts such a token only while that worker exists, so stopping the worker revokes it (the
/// original deleted the worker's OAuth client). Otherwise <c>_abaco_access_token</c> stays empty, as in the original
/// when no client was generated.
/// </summary>
public sealed class WorkerTokens
{
    /// <summary>How long after the end of an execution bounded by <c>workers.max_run_time</c> its token stays valid.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>The lifetime of a token when executions are not bounded in time.</summary>
    public static readonly TimeSpan Unbounded = TimeSpan.FromHours(1);

    private readonly AbacoTokens? _tokens;
    private readonly AbacoSettings _settings;

    private WorkerTokens(AbacoTokens? tokens, AbacoSettings settings, string? disabledReason)
    {
        _tokens = tokens;
        _settings = settings;
        DisabledReason = disabledReason;
    }

    /// <summary>
    /// Why tokens are not issued although <c>workers.generate_clients</c> asks for them (no or unreadable signing
    /// key), for the node to warn about at start; null when they are issued or were not asked for.
    /// </summary>
    public string? DisabledReason { get; }

    public bool Enabled => _tokens is not null;

    public static WorkerTokens From(AbacoSettings settings, TimeProvider clock)
    {
        var asked = settings.Workers.GenerateClients || settings.Tenants.Values.Any(t => t.GenerateClients == true);
        if (!asked) return new WorkerTokens(null, settings, null);
        if (string.IsNullOrWhiteSpace(settings.Web.TokenSigningKey))
            return new WorkerTokens(null, settings,
                "workers.generate_clients is on but web.token_signing_key is empty: workers get no access tokens");
        try
        {
            return new WorkerTokens(AbacoTokens.FromBase64Key(settings.Web.TokenSigningKey, clock), settings, null);
        }
        catch (FormatException e)
        {
            return new WorkerTokens(null, settings, $"workers get no access tokens: {e.Message}");
        }
    }

    /// <summary>
    /// The token for one execution of <paramref name="actor"/> on worker <paramref name="workerId"/>, or "" when the
    /// actor does not ask for one or tokens are off. Actors stored before owner roles were kept get
    /// <c>web.user_role</c>: their owner had at least that to register them.
    /// </summary>
    public string For(ActorRecord actor, string workerId)
    {
        var settings = _settings.ForTenant(actor.Tenant); // workers.{tenant}_generate_clients
        if (_tokens is null || !actor.Definition.Token || !settings.Workers.GenerateClients) return "";
        var roles = actor.OwnerRoles.IsDefaultOrEmpty ? [settings.Web.UserRole] : actor.OwnerRoles;
        return _tokens.Issue(actor.Owner, actor.Tenant, roles, Lifetime(settings.Workers),
            new AbacoTokenExtras(actor.Id, workerId));
    }

    /// <summary><c>workers.max_run_time</c> plus <see cref="Margin"/>, or <see cref="Unbounded"/>.</summary>
    public static TimeSpan Lifetime(WorkerSettings workers) =>
        workers.MaxRunTime > 0 ? TimeSpan.FromSeconds(workers.MaxRunTime) + Margin : Unbounded;
}
