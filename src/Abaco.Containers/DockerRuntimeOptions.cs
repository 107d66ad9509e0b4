namespace Abaco.Containers;

/// <summary>How to reach the Docker daemon and how long each kind of call may take.</summary>
/// <param name="Endpoint">e.g. "unix:///var/run/docker.sock".</param>
/// <param name="PullTimeout">Bounds an image pull.</param>
/// <param name="StartTimeout">Bounds create + start, and the other short calls (inspect, list).</param>
/// <param name="RemoveTimeout">Bounds a removal including its retries, and a stop beyond its grace period.</param>
public sealed record DockerRuntimeOptions(
    string Endpoint,
    TimeSpan PullTimeout,
    TimeSpan StartTimeout,
    TimeSpan RemoveTimeout)
{
    /// <summary>How long a stopped container gets to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bounds the one read of a finished container's logs.</summary>
    public TimeSpan LogsTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Logs beyond this many bytes are not read (upstream keeps far less anyway).</summary>
    public int MaxLogBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>How often a running container's cgroup counters are sampled.</summary>
    public TimeSpan UsageSampleInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a wait for a running container outlasts a Docker daemon that cannot be reached (a restart) before the
    /// run is reported lost.
    /// </summary>
    public TimeSpan DaemonAwayLimit { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Root of the cgroup file system, where cpu and io counters are read.</summary>
    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";
}
