using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Protocol;
using Akka.Actor;
using Akka.Event;

namespace Abaco.Runtime.Actors;

/// <summary>
/// DELETE of an actor: the entity turns SHUTTING_DOWN and <see cref="Deleting"/>, halts its workers, and once they
/// are gone (or <see cref="DeleteTimeout"/> has passed) ends what is left of its queue in ERROR, journals the
/// tombstone, removes the actor's records and answers. A deletion interrupted by a restart is finished at recovery.
/// </summary>
public sealed partial class ActorEntity
{
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The deletion in progress (only while <see cref="Deleting"/>).</summary>
    private Deletion? _deletion;

    private void StartDelete()
    {
        BecomeDeleting(Sender);
        ChangeStatus(ActorStatus.ShuttingDown, "");
        foreach (var slot in _workers.All.ToList()) StopWorker(slot, halt: true, "its actor is being deleted");
        if (_workers.Count == 0) FinishDelete();
        else Timers.StartSingleTimer(TimerKey.Delete, DeleteTimedOut.Instance, DeleteTimeout);
    }

    /// <summary>A worker went away during the deletion: the last one lets it finish.</summary>
    private void OnWorkerGoneWhileDeleting()
    {
        if (_workers.AllGone) FinishDelete();
    }

    private void FinishDelete()
    {
        Timers.Cancel(TimerKey.Delete);
        if (_deletion is not { Finishing: false } deletion) return;
        deletion.Finishing = true;
        var cleanedUp = _workers.Count == 0;
        // After the handlers of journal writes still in flight (an execution's end, written with PersistAsync):
        // an execution that finished before its worker stopped must not be marked ERROR over its COMPLETE.
        DeferAsync(cleanedUp, DeleteNow);
    }

    private void DeleteNow(bool cleanedUp)
    {
        foreach (var message in _state.Pending.Concat(_state.Running.Values.Select(r => r.Message)).ToList())
            WriteExecution(SubmittedExecution(message) with
            {
                Status = ExecutionStatus.Error,
                StatusMessage = "The actor was deleted before this execution finished.",
                FinishTime = Now,
            });
        Persist(new ActorDeleted(Now), evt =>
        {
            Apply(evt);
            var replyTo = _deletion?.ReplyTo;
            _deletion = null;
            BecomeAbsent();
            foreach (var executionId in _watchers.Keys.ToList()) NotifyWatchers(executionId, ended: true);
            var cleanup = RemoveActorRecords();
            if (replyTo is not null)
                cleanup.PipeTo(replyTo,
                    success: () => new AbacoResult(AbacoResultCode.Ok, cleanedUp
                        ? "Actor deleted successfully."
                        : "Actor deleted successfully, though Abaco is still cleaning up some of the actor's resources."),
                    failure: StoreFailure);
            else
                Written(cleanup, "Removing the deleted actor's records");
            // Nothing of a deleted actor is worth keeping in the journal but the tombstone.
            SaveSnapshot(_state);
            Context.SetReceiveTimeout(IdleBeforePassivation);
        });
    }

    private Task RemoveActorRecords()
    {
        var (dbId, stores) = (_dbId, _stores);
        return Task.WhenAll(
            stores.Actors.DeleteAsync(dbId),
            stores.Logs.DeleteForActorAsync(dbId),
            stores.Workers.DeleteForActorAsync(dbId),
            stores.Clients.DeleteForActorAsync(dbId),
            stores.Results.DeleteForActorAsync(dbId),
            stores.Bodies.DeleteForActorAsync(dbId));
    }

    /// <summary>Who waits for the deletion's answer (none when a restart resumed it), and whether it is ending.</summary>
    private sealed class Deletion(IActorRef? replyTo)
    {
        public IActorRef? ReplyTo { get; set; } = replyTo;

        /// <summary>The tombstone is on its way: no second one.</summary>
        public bool Finishing { get; set; }
    }

    private sealed class DeleteTimedOut : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly DeleteTimedOut Instance = new();
    }
}
