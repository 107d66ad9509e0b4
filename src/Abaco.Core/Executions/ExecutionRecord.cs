using Abaco.Core.Ids;

namespace Abaco.Core.Executions;

/// <summary>Execution statuses (original-abaco.md §2.3).</summary>
public static class ExecutionStatus
{
    public const string Submitted = "SUBMITTED";
    public const string Running = "RUNNING";
    public const string Complete = "COMPLETE";
    public const string Error = "ERROR";

    public static bool IsFinal(string status) => status is Complete or Error;
}

/// <summary>The container's state at the end of a run (docker inspect <c>State</c>), shown as <c>final_state</c>.</summary>
public sealed record FinalState(
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

/// <summary>
/// One execution (original-abaco.md §2.3). <see cref="Runtime"/> is whole seconds as in the original, <see cref="Cpu"/>
/// nanoseconds of CPU time, <see cref="Io"/> bytes of block I/O. <see cref="StatusMessage"/> says why an
/// execution ended in ERROR (the original has no such field and leaves users guessing).
/// </summary>
public sealed record ExecutionRecord(
    string Id,
    string Tenant,
    string ActorId,
    string ApiServer,
    string Executor,
    string? WorkerId,
    string Status,
    string StatusMessage,
    DateTime MessageReceivedTime,
    DateTime? StartTime,
    DateTime? FinishTime,
    long Runtime,
    long Cpu,
    long Io,
    long? ExitCode,
    FinalState? FinalState)
{
    public string ActorDbId => ActorKey.Of(Tenant, ActorId).DbId;
}
