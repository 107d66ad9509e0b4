using Abaco.Core.Actors;
using Akka.Actor;
using Akka.Event;
using Abaco.Core.Workers;
using WorkerSlot = Abaco.Core.Workers.WorkerSlot<Akka.Actor.IActorRef>;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// A worker's own account of what it runs beats what the journal suggests: the entity took a worker for idle that was
/// still running (its shard moved while the worker ran, and the claim came late), and the worker refused the message.
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>
    /// The refused message never ran: it goes back to the head of the queue (never ERROR), and the worker counts as busy
    /// with what it reported until it finishes that.
    /// </summary>
    private void OnExecutionRefused(ExecutionRefused refused)
    {
        var (executionId, workerId) = (refused.ExecutionId.Value, refused.WorkerId.Value);
        _log.Info("Worker {0} of {1} refused execution {2}, still running {3}: the message is queued again", workerId,
            _dbId, executionId, refused.Running?.Value);
        if (_workers.TryGet(workerId, out var slot) && slot.Refused(executionId, refused.Running?.Value))
            slot.Record = slot.Record with { Status = WorkerStatus.Busy };
        if (!_state.Running.TryGetValue(executionId, out var running) || running.WorkerId != workerId)
        {
            EnsureWorkerAndDispatch();
            return;
        }
        PersistAsync(new ExecutionReturned(executionId), evt =>
        {
            Apply(evt);
            EnsureWorkerAndDispatch();
        });
    }

    /// <summary>
    /// The worker reported what it runs. A report of nothing from a worker asked after reconciliation settles the
    /// journal's guess: it does not hold that execution, which ends as reconciliation would have ended it.
    /// </summary>
    private void OnReportedExecution(WorkerSlot slot, string? running)
    {
        // A claim of an execution that has ended, or whose end the worker already reported, is an old report
        // overtaken by that end.
        if (running is not null && (!_state.Running.ContainsKey(running) ||
                                    _lastFinishReported.GetValueOrDefault(slot.Record.Id) == running)) return;
        if (slot.Reported(running) is { } notHeld) EndExecution(notHeld, InterruptedReason, slot.Record.Id);
    }

    /// <summary>Reconciliation is over: each worker adopted with an execution it has not claimed is asked directly.</summary>
    private void AskUnclaimedWorkers()
    {
        foreach (var assumed in _workers.All.Where(w => w.ExecutionAssumed))
            if (assumed.AskToClaim()) assumed.Handle?.Tell(new IdentifyWorkers(Key));
    }

    private const string InterruptedReason =
        "Abaco stopped while this execution was running; it was interrupted and not run again.";
}
