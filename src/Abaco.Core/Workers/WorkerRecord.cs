using Abaco.Core.Ids;

namespace Abaco.Core.Workers;

/// <summary>Worker statuses, spelled as the original spells them (note the spaces; original-abaco.md §2.4).</summary>
public static class WorkerStatus
{
    public const string Requested = "REQUESTED";
    public const string SpawnerSetup = "SPAWNER SETUP";
    public const string PullingImage = "PULLING IMAGE";
    public const string CreatingContainer = "CREATING CONTAINER";
    public const string UpdatingStore = "UPDATING STORE";
    public const string Ready = "READY";
    public const string Busy = "BUSY";
    public const string ShutdownRequested = "SHUTDOWN_REQUESTED";
    public const string ShuttingDown = "SHUTTING_DOWN";
    public const string Error = "ERROR";
}

/// <summary>One worker of an actor as stored and displayed (original-abaco.md §2.4). Written only by the actor's entity.</summary>
/// <remarks>
/// <see cref="Cid"/> is the Docker id of the container the worker runs, or else of the last one it ran (that
/// container is removed after its run unless <c>workers.leave_containers</c>); <see cref="NoContainer"/> until the
/// worker has started one.
/// </remarks>
public sealed record WorkerRecord(
    string Id,
    string Tenant,
    string ActorId,
    string Status,
    string Image,
    int Revision,
    string Location,
    string Cid,
    string HostId,
    string HostIp,
    DateTime CreateTime,
    DateTime? LastExecutionTime,
    DateTime? LastHealthCheckTime)
{
    /// <summary>
    /// The <see cref="Cid"/> of a worker that has not started a container yet: non-empty, as clients expect, and
    /// never a Docker name or id, so no docker command given it can act on some other container.
    /// </summary>
    public const string NoContainer = "<none>";

    public string ActorDbId => ActorKey.Of(Tenant, ActorId).DbId;
    public string ChName => $"worker_{Id}";
}
