using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Abaco.Containers;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Workers;

/// <summary>How one message becomes one container: name, labels, environment, mounts and limits.</summary>
public static partial class ContainerSpecs
{
    public const string ManagedLabel = "abaco.managed";
    public const string HostLabel = "abaco.host_id";
    public const string ActorLabel = "abaco.actor_dbid";
    public const string WorkerLabel = "abaco.worker_id";
    public const string ExecutionLabel = "abaco.execution_id";

    private const string DockerSocket = "/var/run/docker.sock";
    public const string ResultsSocketPath = "/_abaco_results.sock";
    public const string BinaryDataPath = "/_abaco_binary_data";

    /// <param name="ipc">
    /// The host paths of the execution's results socket and, for a binary message, its FIFO; bound at
    /// <see cref="ResultsSocketPath"/> and (read-only) <see cref="BinaryDataPath"/>.
    /// </param>
    /// <param name="accessToken">The worker's token for this execution (<see cref="WorkerTokens"/>), "" when none.</param>
    public static ContainerSpec For(RunExecution run, string workerId, AbacoSettings settings,
        string? actorConfigs = null, (string ResultsSocket, string? BinaryFifo)? ipc = null, string accessToken = "")
    {
        var actor = run.Actor;
        var definition = actor.Definition;
        var executionId = run.Message.ExecutionId;
        var labels = ImmutableDictionary.CreateRange(new Dictionary<string, string>
        {
            [ManagedLabel] = "true",
            [HostLabel] = settings.Spawner.HostId,
            [ActorLabel] = actor.DbId,
            [WorkerLabel] = workerId,
            [ExecutionLabel] = executionId,
        });
        var mounts = actor.Mounts
            .Select(m => new ContainerMount(m.HostPath, m.ContainerPath, m.Mode == "ro"))
            .ToList();
        if (definition.Privileged) mounts.Add(new ContainerMount(DockerSocket, DockerSocket, false));
        if (ipc is { } paths)
        {
            mounts.Add(new ContainerMount(paths.ResultsSocket, ResultsSocketPath, false));
            if (paths.BinaryFifo is { } fifo) mounts.Add(new ContainerMount(fifo, BinaryDataPath, true));
        }
        var nanoCpus = definition.MaxCpus ?? settings.Workers.MaxCpus;
        var (user, home) = Identity(definition, settings.Workers);
        var environment = ContainerEnvironment.Compose(actor, run.Message, workerId, actorConfigs, accessToken, home);
        return new ContainerSpec(
            definition.Image,
            Name(actor.DbId, executionId),
            environment,
            labels,
            mounts,
            User: user,
            MemoryBytes: DockerSize.ParseBytes(definition.MemLimit ?? settings.Workers.MemLimit),
            NanoCpus: nanoCpus > 0 ? nanoCpus : null,
            Privileged: definition.Privileged,
            Network: string.IsNullOrEmpty(settings.Docker.Network) ? null : settings.Docker.Network)
        {
            NoNewPrivileges = settings.Workers.NoNewPrivileges &&
                              !(definition.Privileged && settings.Workers.PrivilegedMayGainPrivileges),
            PidsLimit = settings.Workers.PidsLimit > 0 ? settings.Workers.PidsLimit : null,
            LogMaxSize = DockerSize.ParseBytes(settings.Workers.LogMaxSize) is null ? null : settings.Workers.LogMaxSize.Trim(),
            LogMaxFile = settings.Workers.LogMaxFile,
        };
    }

    /// <summary>
    /// Who the container runs as (original-abaco.md §3.15, without TAS): the image's own user for an actor with
    /// <c>use_container_uid</c> or when <c>workers.actor_uid</c> is not set; else <c>"uid:gid"</c> (<c>"uid"</c>
    /// without <c>actor_gid</c>), with <c>HOME</c> set to <c>workers.actor_homedir</c> when that is set. The original
    /// computes this at registration and stores it on the actor; it depends only on configuration, so here it is
    /// computed when the container is made.
    /// </summary>
    public static (string? User, string? Home) Identity(ActorDefinition definition, WorkerSettings workers)
    {
        if (definition.UseContainerUid || string.IsNullOrWhiteSpace(workers.ActorUid)) return (null, null);
        var user = string.IsNullOrWhiteSpace(workers.ActorGid) ? workers.ActorUid : $"{workers.ActorUid}:{workers.ActorGid}";
        return (user, string.IsNullOrWhiteSpace(workers.ActorHomedir) ? null : workers.ActorHomedir);
    }

    /// <summary>Docker names allow [a-zA-Z0-9_.-]; tenants may hold anything else.</summary>
    public static string Name(string actorDbId, string executionId) =>
        NotAllowed().Replace($"abaco_{actorDbId}_{executionId}", "-");

    [GeneratedRegex("[^a-zA-Z0-9_.-]")]
    private static partial Regex NotAllowed();
}
