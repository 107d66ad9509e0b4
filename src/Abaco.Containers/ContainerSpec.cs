namespace Abaco.Containers;

/// <summary>Everything needed to create and start one container.</summary>
/// <param name="User">"uid:gid", "uid", or null for the image default.</param>
/// <param name="MemoryBytes">Memory limit; null means unlimited.</param>
/// <param name="NanoCpus">CPU limit in units of 1e-9 CPUs; null means unlimited.</param>
/// <param name="Network">Docker network mode; null or "" is the daemon default (bridge).</param>
public sealed record ContainerSpec(
    string Image,
    string Name,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<ContainerMount> Mounts,
    string? User,
    long? MemoryBytes,
    long? NanoCpus,
    bool Privileged,
    string? Network)
{
    /// <summary>Overrides the image's CMD (the entrypoint stays); null runs the image as built.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Overrides the image's ENTRYPOINT (a warm worker's runner); null keeps the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Run with Docker's <c>no-new-privileges</c>: setuid binaries and file capabilities raise nothing.</summary>
    public bool NoNewPrivileges { get; init; }

    /// <summary>The most processes/threads in the container; null = unlimited.</summary>
    public long? PidsLimit { get; init; }

    /// <summary>json-file log rotation: size of one file (a Docker size such as "10m"; null = unlimited) and files kept.</summary>
    public string? LogMaxSize { get; init; }

    public int LogMaxFile { get; init; } = 1;
}
