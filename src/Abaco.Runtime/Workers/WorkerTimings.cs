namespace Abaco.Runtime.Workers;

/// <summary>
/// The worker's timing knobs, given to each worker through its <c>Props</c>: hosting passes <see cref="Default"/>,
/// tests pass shorter ones.
/// </summary>
/// <param name="FailedTimeout">How long a failed worker waits for its entity's acknowledgement before it stops anyway.</param>
/// <param name="LiveLogsInterval">How often the logs of a running execution are written to the log store (when they grew).</param>
public sealed record WorkerTimings(TimeSpan FailedTimeout, TimeSpan LiveLogsInterval)
{
    public static readonly WorkerTimings Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
}
