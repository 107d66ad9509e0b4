namespace Abaco.Containers;

/// <summary>A container that was created and started.</summary>
/// <param name="StartTime">UTC, taken right before <c>docker start</c>.</param>
public sealed record StartedContainer(string ContainerId, string Name, DateTime StartTime);
