namespace Abaco.Containers;

/// <summary>The <c>docker inspect</c> .State of a container at the end of its run.</summary>
public sealed record ContainerState(
    string Status,
    bool Running,
    bool Paused,
    bool Restarting,
    bool OOMKilled,
    bool Dead,
    long Pid,
    long ExitCode,
    string Error,
    DateTime? StartedAt,
    DateTime? FinishedAt);
