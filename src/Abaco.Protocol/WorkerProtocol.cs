using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;

namespace Abaco.Protocol;

/// <summary>
/// The contract between an actor's entity, the spawners and the workers. Workers pull: a worker reports READY (or
/// finishes an execution) and the entity answers with the next message, if any.
/// </summary>
public static class WorkerProtocol
{
    /// <summary>Entity → the spawner serving the actor's queue: start this worker.</summary>
    public sealed record StartWorker(ActorKey ActorKey, WorkerId WorkerId, string Image, int Revision) : IAbacoProtocolMember;

    /// <summary>
    /// Spawner → entity, on every <see cref="StartWorker"/>: this spawner holds the request (starting the worker, or
    /// waiting for a free slot). The entity watches the spawner, so a request lost with its node is made again.
    /// </summary>
    public sealed record WorkerRequestHeld(WorkerId WorkerId) : IAbacoProtocolMember;

    /// <summary>Entity → worker: run this message now.</summary>
    public sealed record RunExecution(ActorRecord Actor, QueuedMessage Message) : IAbacoProtocolMember;

    /// <summary>Entity → worker: stop; halt the running container first when <see cref="Halt"/>.</summary>
    public sealed record StopWorker(bool Halt, string Reason) : IAbacoProtocolMember;

    /// <summary>Entity → worker: stop the container of this execution now (it still ends COMPLETE, with its logs).</summary>
    public sealed record HaltContainer(ExecutionId ExecutionId) : IAbacoProtocolMember;

    /// <summary>Worker → entity: the execution's container sent a result (already in the result store).</summary>
    public sealed record ResultAvailable(ActorKey ActorKey, WorkerId WorkerId, ExecutionId ExecutionId) : IWorkerReport;

    /// <summary>Entity (after recovering) → every worker of the actor: say who you are.</summary>
    public sealed record IdentifyWorkers(ActorKey ActorKey) : IAbacoProtocolMember;

    public interface IWorkerReport : IWithActorKey, IAbacoProtocolMember
    {
        WorkerId WorkerId { get; }
    }

    /// <summary>Worker → entity on every status change; READY means "give me work".</summary>
    public sealed record WorkerStatusReport(ActorKey ActorKey, WorkerId WorkerId, string Status, int Revision,
        ExecutionId? CurrentExecutionId, string HostId, string HostIp, string Location) : IWorkerReport;

    /// <summary>Worker → entity: the worker cannot run at all (e.g. the image cannot be had); it stops.</summary>
    public sealed record WorkerFailed(ActorKey ActorKey, WorkerId WorkerId, string Reason) : IWorkerReport;

    public sealed record ExecutionStarted(ActorKey ActorKey, WorkerId WorkerId, ExecutionId ExecutionId, DateTime StartTime,
        string ContainerId) : IWorkerReport;

    /// <summary>Worker → entity: the container could not be created or started.</summary>
    public sealed record ExecutionFailedToStart(ActorKey ActorKey, WorkerId WorkerId, ExecutionId ExecutionId, string Reason)
        : IWorkerReport;

    /// <summary>
    /// Worker → entity: it did not take <see cref="ExecutionId"/>, being still busy with <see cref="Running"/> (the
    /// entity took it for idle, e.g. after its shard moved). The message was not run; the entity queues it again.
    /// </summary>
    public sealed record ExecutionRefused(ActorKey ActorKey, WorkerId WorkerId, ExecutionId ExecutionId, ExecutionId? Running)
        : IWorkerReport;

    /// <summary>Worker → entity: the container ran; its logs are already in the log store.</summary>
    public sealed record ExecutionFinished(ActorKey ActorKey, WorkerId WorkerId, ExecutionId ExecutionId, DateTime StartTime,
        DateTime FinishTime, long Runtime, long Cpu, long Io, long? ExitCode, FinalState? FinalState,
        bool Halted, string? Error = null) : IWorkerReport;

    /// <summary>
    /// Entity → worker, once the end of <see cref="ExecutionId"/> is journalled: stop repeating its
    /// <see cref="ExecutionFinished"/> (a report can be dropped while the entity's shard is handed off).
    /// </summary>
    public sealed record FinishAcknowledged(ExecutionId ExecutionId) : IAbacoProtocolMember;
}
