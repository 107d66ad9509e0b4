using Abaco.Protocol;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// What <see cref="ActorEntity"/> does with a message depends on the behaviour it is in: <see cref="Absent"/> (never
/// registered, or deleted), <see cref="Reconciling"/> (recovered, waiting for surviving workers to claim their
/// executions), <see cref="Active"/>, and <see cref="Deleting"/> (stopping its workers before the tombstone). Each
/// behaviour answers the requests it refuses exactly as the gateway expects, and hands everything else to the
/// handlers every behaviour shares (<see cref="Existing"/>, then <see cref="Common"/>).
/// </summary>
public sealed partial class ActorEntity
{
    private enum Behaviour { Absent, Reconciling, Active, Deleting }

    private Behaviour _behaviour = Behaviour.Absent;

    /// <summary>Registered, not deleted and not being deleted: it dispatches, scales and changes status.</summary>
    private bool Live => _behaviour is Behaviour.Active or Behaviour.Reconciling;

    private void BecomeAbsent() => BecomeBehaviour(Behaviour.Absent, Absent);

    private void BecomeReconciling() => BecomeBehaviour(Behaviour.Reconciling, Reconciling);

    private void BecomeActive() => BecomeBehaviour(Behaviour.Active, Active);

    private void BecomeDeleting(IActorRef? replyTo)
    {
        _deletion = new Deletion(replyTo);
        BecomeBehaviour(Behaviour.Deleting, Deleting);
    }

    private void BecomeBehaviour(Behaviour behaviour, UntypedReceive receive)
    {
        _behaviour = behaviour;
        Become(receive);
    }

    // Recovery always picks a behaviour (OnRecovered) before the first command arrives.
    protected override void OnCommand(object message) => Unhandled(message);

    private void Absent(object message)
    {
        var notFound = AbacoResult.NotFound($"No actor found with identifier: {Key.Id}.");
        switch (message)
        {
            case RegisterActor cmd when _state.Actor is null: Register(cmd); break;
            case RegisterActor: AlreadyExists(); break;
            case UpdateActor or SetActorState: Sender.Tell(new ActorReply(notFound, null)); break;
            case DeleteActor or SendMessage or HaltExecution or PurgeMessages or ActorCommands.EnsureWorkers or StopWorkerRequest:
                Sender.Tell(notFound);
                break;
            case GetMessageCount: Sender.Tell(new MessageCount(0)); break;
            case WatchExecution cmd: Sender.Tell(new ExecutionProgress(cmd.ExecutionId, false, Ended: true)); break;
            case AdminProtocol.InspectActor: Inspect(); break;
            default: Common(message); break;
        }
    }

    private void Reconciling(object message)
    {
        if (message is not ReconcileDone)
        {
            Active(message);
            return;
        }
        BecomeActive();
        OnReconcileDone();
    }

    private void Active(object message)
    {
        switch (message)
        {
            case UpdateActor cmd: Update(cmd); break;
            case DeleteActor: StartDelete(); break;
            case SendMessage cmd: Accept(cmd); break;
            case EnsureWorkers cmd: EnsureWorkers(cmd); break;
            case CronDue: OnCronDue(); break;
            default: Existing(message); break;
        }
    }

    private void Deleting(object message)
    {
        switch (message)
        {
            case UpdateActor: Sender.Tell(new ActorReply(AbacoResult.BadRequest("The actor is being deleted."), null)); break;
            case DeleteActor when _deletion!.ReplyTo is null: _deletion.ReplyTo = Sender; break;
            case DeleteActor: Sender.Tell(AbacoResult.BadRequest("The actor is already being deleted.")); break;
            case SendMessage:
                Sender.Tell(AbacoResult.BadRequest("The actor is being deleted and accepts no more messages."));
                break;
            case ActorCommands.EnsureWorkers: Sender.Tell(AbacoResult.BadRequest("The actor is being deleted.")); break;
            case DeleteTimedOut: FinishDelete(); break;
            default: Existing(message); break;
        }
    }

    /// <summary>Requests answered alike while the actor exists, whether active or being deleted.</summary>
    private void Existing(object message)
    {
        switch (message)
        {
            case RegisterActor: AlreadyExists(); break;
            case GetMessageCount: Sender.Tell(new MessageCount(_state.PendingCount)); break;
            case SetActorState cmd: SetState(cmd); break;
            case HaltExecution cmd: Halt(cmd); break;
            case PurgeMessages: Purge(); break;
            case StopWorkerRequest cmd: StopWorkerOnRequest(cmd); break;
            case WatchExecution cmd: Watch(cmd); break;
            case Wake: RewriteRecords(); break;
            case AdminProtocol.InspectActor: Inspect(); break;
            default: Common(message); break;
        }
    }

    private void AlreadyExists() =>
        Sender.Tell(new ActorReply(new AbacoResult(AbacoResultCode.Conflict, $"Actor {_dbId} already exists."), null));

    /// <summary>Worker reports, timers and journal housekeeping: every behaviour handles them the same way.</summary>
    private void Common(object message)
    {
        switch (message)
        {
            case HandOff: OnHandOff(); break;
            case WorkerStatusReport report: OnWorkerStatus(report); break;
            case ExecutionStarted started: OnExecutionStarted(started); break;
            case ExecutionFinished finished: OnExecutionFinished(finished); break;
            case ExecutionFailedToStart failed: OnExecutionFailedToStart(failed); break;
            case ExecutionRefused refused: OnExecutionRefused(refused); break;
            case WorkerFailed failed: OnWorkerFailed(failed); break;
            case Terminated terminated: OnWorkerTerminated(terminated); break;
            case StoredWorkerRecords stored: OnStoredWorkerRecords(stored); break;
            case ResultAvailable result: NotifyWatchers(result.ExecutionId.Value, ended: false); break;
            case WorkerRequestHeld held: OnWorkerRequestHeld(held.WorkerId.Value); break;
            case WorkerRequestUnacknowledged timeout: OnWorkerRequestUnacknowledged(timeout.WorkerId); break;
            case WorkerStartTimedOut timeout: OnWorkerStartTimedOut(timeout.WorkerId); break;
            case SpawnerProbeTimedOut timeout: OnSpawnerProbeTimedOut(timeout.WorkerId); break;
            case ActorIdentity identity: OnSpawnerIdentity(identity); break;
            case IdleCheck check: OnIdleCheck(check.WorkerId); break;
            case StuckShutdown stuck: OnStuckShutdown(stuck.WorkerId); break;
            case ReconcileDone: OnReconcileDone(); break; // a deletion began while reconciling
            case ClaimsClosed: CloseClaims(); break;
            case ExecutionWriteFailed failed: OnExecutionWriteFailed(failed); break;
            case RewriteExecution rewrite: WriteExecution(rewrite.Record); break;
            case StoreWriteFailed failed: OnStoreWriteFailed(failed); break;
            case RewriteActor: WriteActorRecord(); break;
            case ReceiveTimeout: MaybePassivate(); break;
            case SaveSnapshotSuccess success: OnSnapshotSaved(success); break;
            case SaveSnapshotFailure failure: _log.Warning(failure.Cause, "Snapshot of {0} failed", _dbId); break;
            // Ignored: a cron tick outside Active, a cron message's own acknowledgement, wake-ups, timers outlived by
            // their behaviour, writes that landed and journal clean-up results.
            case CronDue or MessageAccepted or Wake or DeleteTimedOut or StoreWritten: break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure or DeleteMessagesSuccess or DeleteMessagesFailure: break;
            default: Unhandled(message); break;
        }
    }
}
