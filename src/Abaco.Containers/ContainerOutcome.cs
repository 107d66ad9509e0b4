using Abaco.Core.Executions;

namespace Abaco.Containers;

/// <summary>What one container run produced.</summary>
/// <param name="ExitCode">Null when it could not be determined (e.g. the container vanished).</param>
/// <param name="StartTime">UTC, as in <see cref="StartedContainer.StartTime"/>.</param>
/// <param name="FinishTime">UTC; State.FinishedAt, or StartTime + elapsed when Docker does not know it.</param>
/// <param name="Logs">stdout and stderr interleaved in the order written, decoded as UTF-8.</param>
/// <param name="CpuNanos">Cumulative CPU time used, 0 if unknown.</param>
/// <param name="IoBytes">Cumulative block I/O (read + write) in bytes, 0 if unknown.</param>
/// <param name="FinalState">Null when the final inspect failed.</param>
/// <param name="StoppedByAbaco">True when halted or stopped at maxRunTime.</param>
/// <param name="DaemonLost">
/// Set when the container ended while the Docker daemon was away (stopped, restarted or unreachable): its exit is then
/// the daemon's doing, not the actor's, and this says what happened.
/// </param>
public sealed record ContainerOutcome(
    long? ExitCode,
    DateTime StartTime,
    DateTime FinishTime,
    string Logs,
    long CpuNanos,
    long IoBytes,
    FinalState? FinalState,
    bool StoppedByAbaco,
    string? DaemonLost = null);
