namespace Abaco.Containers;

/// <summary>Runs actor containers on one container engine (Docker today).</summary>
public interface IContainerRuntime
{
    /// <summary>Inspect the image; pull it only when absent; throw <see cref="ImageUnavailableException"/> when it cannot be had.</summary>
    Task EnsureImageAsync(string image, CancellationToken ct);

    /// <summary>
    /// Create and start one container (labels, env, mounts as binds with ro/rw honoured, limits, user, network).
    /// On failure remove whatever was created and throw <see cref="ContainerStartException"/>.
    /// </summary>
    Task<StartedContainer> StartAsync(ContainerSpec spec, CancellationToken ct);

    /// <summary>
    /// Wait for the container to exit. If <paramref name="maxRunTime"/> elapses or <paramref name="halt"/> is cancelled,
    /// stop it (short grace, then kill) and report StoppedByAbaco. Then read logs once, inspect State, and return.
    /// Never throws for a container that ran; a vanished container gives ExitCode null and FinalState null.
    /// </summary>
    Task<ContainerOutcome> WaitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt);

    /// <summary>
    /// Follows a running container's logs (stdout and stderr, in written order) and hands the whole text so far to
    /// <paramref name="onLogs"/> at most once per <paramref name="interval"/>, only when it grew, so users can read the
    /// logs of an execution that still runs. It attaches only after one <paramref name="interval"/> (a container that ends
    /// sooner is never followed), so the first text arrives about two intervals into the run. Ends when the container's output ends or <paramref name="ct"/> is
    /// cancelled; never throws for Docker failures (live logs are best effort, the final read is authoritative).
    /// </summary>
    Task FollowLogsAsync(string containerId, Func<string, Task> onLogs, TimeSpan interval, CancellationToken ct);

    /// <summary>Force-remove, retrying while Docker is busy; "No such container" counts as success.</summary>
    Task RemoveAsync(string containerId, CancellationToken ct);

    /// <summary>Containers (any state) whose labels include every given key=value; used to clean up after a crash.</summary>
    Task<IReadOnlyList<ManagedContainer>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);
}
