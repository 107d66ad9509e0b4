namespace Abaco.Containers.Warm;

/// <summary>How a warm execution's process ended.</summary>
/// <param name="ExitCode">Its exit status, or 128 + the signal that killed it.</param>
/// <param name="StoppedByAbaco">True when halted or stopped at max_run_time.</param>
public sealed record WarmOutcome(long ExitCode, long CpuNanos, long IoBytes, DateTime FinishTime, bool StoppedByAbaco)
{
    /// <summary>When the exit answer was read, on the monotonic clock (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long Answered { get; init; }

    /// <summary>The runner's own steps; null from a runner that does not report them.</summary>
    public RunnerSteps? Runner { get; init; }
}
