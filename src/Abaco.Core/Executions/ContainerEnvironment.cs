using System.Collections.Immutable;
using System.Globalization;
using Abaco.Core.Actors;
using Abaco.Core.Messages;
using Abaco.Core.Telemetry;
using Abaco.Core.Text;

namespace Abaco.Core.Executions;

/// <summary>
/// The environment of an actor container (original-abaco.md §3.4): <c>default_environment</c> lowest, then the message's
/// variables (its query parameters), then the platform variables, which win: this is the one place that sets them,
/// from the actor, the message (its origin and the actor's revision when it was queued), the worker and the
/// execution's configs and token. <c>MSG</c> and <c>_actor_configs</c> never come from anywhere else (a binary
/// message has no <c>MSG</c>, an actor without configs no <c>_actor_configs</c>, whatever its message says). A
/// message journalled by an earlier version carries its origin and revision as variables, which pass through. A
/// traced message adds <c>_abaco_trace_id</c> (its trace id) and <c>TRACEPARENT</c> (the worker's span, W3C).
/// </summary>
public static class ContainerEnvironment
{
    /// <param name="home">The home directory containers run with (<c>workers.actor_homedir</c>), which wins over any HOME given.</param>
    /// <param name="actorConfigs">
    /// The Python literal of <c>{name: value}</c> of the configs shared with this actor (secrets decrypted), or null
    /// when none are (original-abaco.md §3.4 <c>_actor_configs</c>).
    /// </param>
    public static ImmutableDictionary<string, string> Compose(ActorRecord actor, QueuedMessage message, string workerId,
        string? actorConfigs = null, string accessToken = "", string? home = null)
    {
        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in actor.Definition.DefaultEnvironment)
            Add(env, key, PythonLiteral.Str(value));
        foreach (var (key, value) in message.Environment)
            Add(env, key, value);
        // Set below and nowhere else: a message that carries them (queued before the API refused them) loses them.
        foreach (var name in MessageEnvironment.PlatformNames) env.Remove(name);

        if (!message.IsBinary) env["MSG"] = message.Msg();
        env["_abaco_execution_id"] = message.ExecutionId;
        env["_abaco_Content_Type"] = message.ContentType;
        env["_abaco_actor_dbid"] = actor.DbId;
        env["_abaco_actor_id"] = actor.Id;
        env["_abaco_worker_id"] = workerId;
        env["_abaco_container_repo"] = actor.Definition.Image;
        env["_abaco_actor_state"] = PythonLiteral.Str(actor.State);
        env["_abaco_actor_name"] = actor.Definition.Name ?? "None";
        env["_abaco_access_token"] = accessToken;
        if (message.Origin is { } origin)
        {
            env["_abaco_username"] = origin.Username;
            env["_abaco_api_server"] = origin.ApiServer;
            if (origin.JwtHeaderName is { } header) env["_abaco_jwt_header_name"] = header;
        }
        if (message.ActorRevision is { } revision) env["_abaco_actor_revision"] = revision.ToString(CultureInfo.InvariantCulture);
        if (AbacoTracing.TraceIdOf(message.TraceParent) is { } traceId)
        {
            // The execution's trace, for the actor's own logs and spans (W3C Trace Context's variable name).
            env["_abaco_trace_id"] = traceId;
            env["TRACEPARENT"] = message.TraceParent!;
        }
        if (actorConfigs is not null) env["_actor_configs"] = actorConfigs;
        if (home is not null) env["HOME"] = home;
        return env.ToImmutable();
    }

    /// <summary>
    /// Skips what Docker would refuse to start (an empty name, '=' in a name, a NUL anywhere), so that no variable
    /// can keep the container from starting and put its actor in ERROR.
    /// </summary>
    private static void Add(ImmutableDictionary<string, string>.Builder env, string key, string value)
    {
        if (key.Length == 0 || key.Contains('=') || key.Contains('\0') || value.Contains('\0')) return;
        env[key] = value;
    }
}
