namespace Abaco.Runtime.Workers;

/// <summary>
/// The worker's timing knobs, given to each worker through its <c>Props</c>: hosting passes <see cref="Default"/>,
/// tests pass shorter ones.
/// </summary>
/// <param name="FailedTimeout">How long a failed worker waits for its entity's acknowledgement before it stops anyway.</param>
/// <param name="LiveLogsInterval">How often the logs of a running execution are written to the log store (when they grew).</param>
/// <param name="FinishReportRepeat">How often an execution's end is reported again until the entity acknowledges it.</param>
/// <param name="FinishReportPatience">How long it is repeated at most (an entity that never answers: the actor was
/// deleted meanwhile, or the entity runs a version that does not acknowledge).</param>
public sealed record WorkerTimings(TimeSpan FailedTimeout, TimeSpan LiveLogsInterval, TimeSpan FinishReportRepeat,
    TimeSpan FinishReportPatience)
{
    public static readonly WorkerTimings Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
}
