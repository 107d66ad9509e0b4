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
}
