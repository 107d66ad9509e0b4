namespace Abaco.Core.Workers;

/// <summary>Worker statuses, spelled as the original spells them (note the spaces; reference §2.4).</summary>
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

/// <summary>One worker of an actor as stored and displayed (reference §2.4). Written only by the actor's entity.</summary>
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
    public string ActorDbId => $"{Tenant}_{ActorId}";
    public string ChName => $"worker_{Id}";
}
