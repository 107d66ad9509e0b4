using System.Collections.Immutable;
using Abaco.Core.Actors;
using Abaco.Core.Messages;
using Abaco.Core.Text;

namespace Abaco.Core.Executions;

/// <summary>
/// The environment of an actor container (reference §3.4): <c>default_environment</c> lowest, then the message's
/// variables (query parameters and <c>_abaco_*</c> from the API), then the system variables, which win.
/// </summary>
public static class ContainerEnvironment
{
    /// <param name="actorConfigs">
    /// The Python literal of <c>{name: value}</c> of the configs shared with this actor (secrets decrypted), or null
    /// when none are (reference §3.4 <c>_actor_configs</c>).
    /// </param>
    public static ImmutableDictionary<string, string> Compose(ActorRecord actor, QueuedMessage message, string workerId,
        string? actorConfigs = null, string accessToken = "")
    {
        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in actor.Definition.DefaultEnvironment)
            env[key] = PythonLiteral.Str(value);
        foreach (var (key, value) in message.Environment)
            env[key] = value;

        if (!message.IsBinary) env["MSG"] = message.Msg;
        env["_abaco_execution_id"] = message.ExecutionId;
        env["_abaco_Content_Type"] = message.ContentType;
        env["_abaco_actor_dbid"] = actor.DbId;
        env["_abaco_actor_id"] = actor.Id;
        env["_abaco_worker_id"] = workerId;
        env["_abaco_container_repo"] = actor.Definition.Image;
        env["_abaco_actor_state"] = PythonLiteral.Str(actor.State);
        env["_abaco_actor_name"] = actor.Definition.Name ?? "None";
        env["_abaco_access_token"] = accessToken;
        if (actorConfigs is not null) env["_actor_configs"] = actorConfigs;
        return env.ToImmutable();
    }
}
