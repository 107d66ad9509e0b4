using Abaco.Core.Actors;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Abaco.Core.Workers;

namespace Abaco.Runtime.Workers;

/// <summary>
/// The access tokens of workers (original-abaco.md §3.18, without an API manager): with <c>workers.generate_clients</c> and
/// <c>web.token_signing_key</c> set, a worker of an actor with <c>token = true</c> has a client
/// (<see cref="WorkerClientRecord"/>) and gets, before every execution, a fresh Abaco token for the actor's owner
/// (tenant, <see cref="ActorRecord.OwnerRoles"/>) naming the actor, the worker and the client. The API accepts such a
/// token only while that client exists; it is deleted when the worker stops, as the original deleted the worker's
/// OAuth client. Otherwise <c>_abaco_access_token</c> stays empty, as in the original when no client was generated.
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
    /// Whether the workers of <paramref name="actor"/> get tokens (and so clients): tokens are on, the actor asks for
    /// them and its tenant generates clients (<c>workers.{tenant}_generate_clients</c>).
    /// </summary>
    public bool IssuesFor(ActorRecord actor) =>
        _tokens is not null && actor.Definition.Token && _settings.ForTenant(actor.Tenant).Workers.GenerateClients;

    /// <summary>
    /// The token for one execution of <paramref name="actor"/> on the worker of <paramref name="client"/>, or "" when
    /// it gets none (<see cref="IssuesFor"/>). Actors stored before owner roles were kept get <c>web.user_role</c>:
    /// their owner had at least that to register them.
    /// </summary>
    public string For(ActorRecord actor, WorkerClientRecord client)
    {
        if (!IssuesFor(actor)) return "";
        var settings = _settings.ForTenant(actor.Tenant);
        var roles = actor.OwnerRoles.IsDefaultOrEmpty ? [settings.Web.UserRole] : actor.OwnerRoles;
        return _tokens!.Issue(actor.Owner, actor.Tenant, roles, Lifetime(settings.Workers),
            new AbacoTokenExtras(actor.Id, client.WorkerId, client.ClientId));
    }

    /// <summary><c>workers.max_run_time</c> plus <see cref="Margin"/>, or <see cref="Unbounded"/>.</summary>
    public static TimeSpan Lifetime(WorkerSettings workers) =>
        workers.MaxRunTime > 0 ? TimeSpan.FromSeconds(workers.MaxRunTime) + Margin : Unbounded;
}
