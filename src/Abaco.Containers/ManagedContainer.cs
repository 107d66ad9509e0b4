namespace Abaco.Containers;

/// <summary>A container found by its labels; <paramref name="State"/> is Docker's word ("running", "exited"...).</summary>
public sealed record ManagedContainer(
    string ContainerId,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string State);
