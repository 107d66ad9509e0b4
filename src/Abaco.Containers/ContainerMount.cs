namespace Abaco.Containers;

/// <summary>A host path bound into a container; <paramref name="HostPath"/> must be absolute.</summary>
public sealed record ContainerMount(string HostPath, string ContainerPath, bool ReadOnly);
