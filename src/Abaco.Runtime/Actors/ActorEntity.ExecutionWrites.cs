using Abaco.Core.Executions;
using Akka.Actor;
using Akka.Event;

namespace Abaco.Runtime.Actors;

/// <summary>
/// The entity writes execution records without waiting for them (the journal is the truth), but a record must not
/// go missing: a write the store refuses after its own retries (a database down longer than <c>store.retry_for</c>)
/// is tried again until it succeeds, or the execution would read RUNNING forever. The store never lets a late
/// SUBMITTED or RUNNING write undo a finished execution, so writes may land in any order.
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>How long after a refused write it is tried again (the store has retried for a while already).</summary>
    internal static TimeSpan RewriteDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Writes the record (after <paramref name="after"/>, whether or not that succeeded); the first attempt.</summary>
    private Task WriteExecution(ExecutionRecord record, Task? after = null)
    {
        var (executions, self) = (_stores.Executions, Self);
        var write = after is null
            ? executions.UpsertAsync(record)
            : after.ContinueWith(_ => executions.UpsertAsync(record), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        write.ContinueWith(t => self.Tell(new ExecutionWriteFailed(record, t.Exception!.GetBaseException().Message)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return write;
    }

    private void OnExecutionWriteFailed(ExecutionWriteFailed failed)
    {
        var record = failed.Record;
        // A refused SUBMITTED or RUNNING record is only worth rewriting while the execution is still in that state.
        var stillCurrent = ExecutionStatus.IsFinal(record.Status) ||
                           (record.Status == ExecutionStatus.Running && _state.Running.ContainsKey(record.Id)) ||
                           (record.Status == ExecutionStatus.Submitted && _state.Pending.Any(m => m.ExecutionId == record.Id));
        if (!stillCurrent) return;
        _log.Warning("The {0} record of execution {1} could not be written ({2}); trying again in {3}",
            record.Status, record.Id, failed.Reason, RewriteDelay);
        // Keyed by execution: a newer refused record of the same execution replaces the older one's retry.
        Timers.StartSingleTimer($"rewrite-{record.Id}", new RewriteExecution(record), RewriteDelay);
    }

    private sealed record ExecutionWriteFailed(ExecutionRecord Record, string Reason) : INoSerializationVerificationNeeded;

    private sealed record RewriteExecution(ExecutionRecord Record) : INoSerializationVerificationNeeded;
}
