namespace Abaco.Runtime.Workers;

/// <summary>The worker's states; <see cref="WorkerActor.StatusOf"/> spells them as Abaco does.</summary>
public enum WorkerState { SpawnerSetup, PullingImage, CreatingContainer, Ready, Busy, Failed }

/// <summary>
/// The execution in hand, the token that halts it, its results socket / FIFO once prepared, the live log
/// follower (with what stops it) while the container runs, the actor's own <c>log_ex</c> (original-abaco.md §3.6), and
/// whether the execution runs warm (WorkerActor.Warm.cs).
/// </summary>
public sealed record WorkerData(string? ExecutionId, CancellationTokenSource? Halt, ExecutionIpc? Ipc = null,
    Task? LiveLogs = null, CancellationTokenSource? StopLiveLogs = null, int? LogEx = null, bool Warm = false)
{
    public static readonly WorkerData Idle = new(null, null);
}
