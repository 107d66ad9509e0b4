using Abaco.Core.Executions;
using Abaco.Core.Workers;
using Akka.Actor;
using Akka.Event;

namespace Abaco.Runtime.Actors;

/// <summary>
/// The entity writes the stores without waiting for them (the journal is the truth), but every write reports back
/// through <c>PipeTo</c>: a refused one is logged, and the records users poll are written again until they land. An
/// execution record refused after the store's own retries (a database down longer than <c>store.retry_for</c>) is
/// retried, or the execution would read RUNNING forever; so is the actor's record. The store never lets a late
/// SUBMITTED or RUNNING write undo a finished execution, so execution writes may land in any order. Worker records
/// are rewritten by the worker's next report, and leftovers of removed workers and bodies go with the actor.
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>Reports <paramref name="write"/>'s outcome to the entity; returns it for writes that must follow.</summary>
    private Task Written(Task write, string what, bool retryActorRecord = false)
    {
        write.PipeTo(Self, success: () => StoreWritten.Instance,
            failure: e => new StoreWriteFailed(what, e.GetBaseException().Message, retryActorRecord));
        return write;
    }

    /// <summary>Writes the actor's current record (while it exists).</summary>
    private void WriteActorRecord()
    {
        if (_behaviour == Behaviour.Absent) return;
        Written(_stores.Actors.UpsertAsync(Actor), "Writing the actor's record", retryActorRecord: true);
    }

    /// <summary>
    /// A wake-up reaching a live entity: the stores may have lost what it wrote (a Redis emptied and being
    /// refilled), so it writes its actor's and its workers' current records again. Idempotent.
    /// </summary>
    private void RewriteRecords()
    {
        WriteActorRecord();
        foreach (var slot in _workers.All) WriteWorkerRecord(slot.Record);
    }

    private Task WriteWorkerRecord(WorkerRecord record) =>
        Written(_stores.Workers.UpsertAsync(record), $"Writing the record of worker {record.Id}");

    private void OnStoreWriteFailed(StoreWriteFailed failed)
    {
        _log.Warning("{0} for {1} failed: {2}", failed.What, _dbId, failed.Reason);
        // The latest record is written again, not the refused one: a newer write may have landed meanwhile.
        if (failed.RetryActorRecord && _behaviour != Behaviour.Absent)
            Timers.StartSingleTimer(TimerKey.RewriteActor, RewriteActor.Instance, _timings.RewriteDelay);
    }

    /// <summary>Writes the record (after <paramref name="after"/>, whether or not that succeeded); the first attempt.</summary>
    private Task WriteExecution(ExecutionRecord record, Task? after = null)
    {
        var executions = _stores.Executions;
        var write = after is null
            ? executions.UpsertAsync(record)
            : after.ContinueWith(_ => executions.UpsertAsync(record), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        write.PipeTo(Self, success: () => StoreWritten.Instance,
            failure: e => new ExecutionWriteFailed(record, e.GetBaseException().Message));
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
            record.Status, record.Id, failed.Reason, _timings.RewriteDelay);
        // Keyed by execution: a newer refused record of the same execution replaces the older one's retry.
        Timers.StartSingleTimer(TimerKey.RewriteExecution(record.Id), new RewriteExecution(record), _timings.RewriteDelay);
    }

    private sealed class StoreWritten : INoSerializationVerificationNeeded, IDeadLetterSuppression,
        INotInfluenceReceiveTimeout
    {
        public static readonly StoreWritten Instance = new();
    }

    private sealed record StoreWriteFailed(string What, string Reason, bool RetryActorRecord)
        : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record ExecutionWriteFailed(ExecutionRecord Record, string Reason) : INoSerializationVerificationNeeded;

    private sealed record RewriteExecution(ExecutionRecord Record) : INoSerializationVerificationNeeded;

    private sealed class RewriteActor : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly RewriteActor Instance = new();
    }
}
