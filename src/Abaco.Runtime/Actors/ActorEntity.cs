using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// One Abaco actor: its record, its inbox and its workers (the original's actor document + RabbitMQ inbox +
/// spawner commands, in one sharded, event-sourced entity). It is the single writer of the actor's, its
/// executions' and its workers' records. Messages are acknowledged only once journalled (journal writes are
/// batched by <c>PersistAsync</c>), handed to workers that ask for work, and every one ends COMPLETE or ERROR.
/// </summary>
public sealed partial class ActorEntity : UntypedPersistentActor, IWithTimers
{
    private readonly string _dbId;
    private readonly AbacoSettings _settings;
    private readonly IAbacoStores _stores;
    private readonly TimeProvider _clock;
    private readonly IActorRef _mediator;
    private readonly Timings _timings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private ActorEntityState _state = ActorEntityState.Empty;
    private readonly Dictionary<string, WorkerSlot> _workers = new();
    private int _eventsSinceSnapshot;
    private long _eventsCoveredBySnapshot;
    private int _consecutiveStartFailures;
    private int _acceptsInFlight;
    private bool _reconciling;
    private IActorRef? _deleteReplyTo;

    public ActorEntity(string dbId, AbacoSettings settings, IAbacoStores stores, TimeProvider clock,
        Timings? timings = null)
    {
        _timings = timings ?? Timings.Default;
        _dbId = dbId;
        _settings = settings;
        _stores = stores;
        _clock = clock;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
    }

    public static Props Props(string dbId, AbacoSettings settings, IAbacoStores stores, TimeProvider clock,
        Timings? timings = null) =>
        Akka.Actor.Props.Create(() => new ActorEntity(dbId, settings, stores, clock, timings));

    public override string PersistenceId => $"actor-{_dbId}";

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long after recovery workers may claim executions before those are declared interrupted.</summary>
    internal static TimeSpan ReconcileWindow { get; set; } = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan IdleBeforePassivation = TimeSpan.FromMinutes(2);

    private DateTime Now => Core.Text.AbacoTime.Normalize(_clock.GetUtcNow().UtcDateTime);

    private ActorRecord Actor => _state.Actor!;

    // ---------------------------------------------------------------- recovery

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: ActorEntityState snapshot }:
                _state = snapshot;
                break;
            case IActorEvent evt:
                _state = _state.Apply(evt);
                break;
            case RecoveryCompleted:
                OnRecovered();
                break;
        }
    }

    private void OnRecovered()
    {
        if (!_state.Exists)
        {
            // Never registered, or deleted: nothing to keep this entity in memory for.
            Context.SetReceiveTimeout(IdleBeforePassivation);
            return;
        }
        if (Actor.Status == ActorStatus.ShuttingDown)
        {
            // Stopped half-way through a DELETE: finish it.
            FinishDelete(null);
            return;
        }
        _log.Info("Recovered {0}: {1} pending, {2} running ({3})", _dbId, _state.PendingCount, _state.Running.Count,
            string.Join(", ", _state.Running.Keys));
        // Workers that survived (the entity moved or restarted, not their node) claim their executions; the rest
        // are declared interrupted when the window closes.
        _reconciling = true;
        _mediator.Tell(new Publish(WorkerTopic(_dbId), new IdentifyWorkers(ActorKey.Parse(_dbId))));
        Timers.StartSingleTimer("reconcile", ReconcileDone.Instance, ReconcileWindow);
        // Rewrite what the stores may have missed if the node died between journal and store writes.
        foreach (var message in _state.Pending) WriteExecution(SubmittedExecution(message));
        _ = _stores.Actors.UpsertAsync(Actor);
        ScheduleCron();
    }

    // ---------------------------------------------------------------- journal outages

    /// <summary>How long after a journal failure the stopped entity is woken again to recover.</summary>
    internal static TimeSpan WakeAfterJournalFailure { get; set; } = TimeSpan.FromSeconds(3);

    // A failed write or recovery stops the entity (its state is unknown); without this, its queued messages would
    // wait for the next request to the actor after the database came back.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        WakeLater();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        WakeLater();
        base.OnRecoveryFailure(reason, message);
    }

    private void WakeLater() => Context.System.Scheduler.ScheduleTellOnce(WakeAfterJournalFailure, Context.Parent,
        new Wake(ActorKey.Parse(_dbId)), ActorRefs.NoSender);

    internal static string WorkerTopic(string dbId) => $"abaco-workers-{dbId}";

    // ---------------------------------------------------------------- commands

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case RegisterActor cmd: Register(cmd); break;
            case UpdateActor cmd: Update(cmd); break;
            case DeleteActor: Delete(); break;
            case SendMessage cmd: Accept(cmd); break;
            case Wake: break;
            case GetMessageCount: Sender.Tell(new MessageCount(_state.Exists ? _state.PendingCount : 0)); break;
            case SetActorState cmd: SetState(cmd); break;
            case HaltExecution cmd: Halt(cmd); break;
            case PurgeMessages: Purge(); break;
            case EnsureWorkers cmd: EnsureWorkers(cmd); break;
            case StopWorkerRequest cmd: StopWorkerOnRequest(cmd); break;
            case WatchExecution cmd: Watch(cmd); break;
            case ResultAvailable result: NotifyWatchers(result.ExecutionId.Value, ended: false); break;

            case WorkerStatusReport report: OnWorkerStatus(report); break;
            case ExecutionStarted started: OnExecutionStarted(started); break;
            case ExecutionFinished finished: OnExecutionFinished(finished); break;
            case ExecutionFailedToStart failed: OnExecutionFailedToStart(failed); break;
            case WorkerFailed failed: OnWorkerFailed(failed); break;
            case Terminated terminated: OnWorkerTerminated(terminated.ActorRef); break;

            case ReconcileDone: OnReconcileDone(); break;
            case WorkerStartTimedOut timeout: OnWorkerStartTimedOut(timeout.WorkerId); break;
            case SpawnerProbeTimedOut timeout: OnSpawnerProbeTimedOut(timeout.WorkerId); break;
            case ActorIdentity identity: OnSpawnerIdentity(identity); break;
            case IdleCheck check: OnIdleCheck(check.WorkerId); break;
            case StuckShutdown stuck: OnStuckShutdown(stuck.WorkerId); break;
            case DeleteTimedOut: FinishDelete(_deleteReplyTo); break;
            case ExecutionWriteFailed failed: OnExecutionWriteFailed(failed); break;
            case RewriteExecution rewrite: WriteExecution(rewrite.Record); break;
            case ReceiveTimeout: MaybePassivate(); break;
            case CronDue: OnCronDue(); break;
            case MessageAccepted: break; // a cron message this entity sent itself
            case SaveSnapshotSuccess success:
                // The snapshot holds the whole state: older snapshots and the events before it are dead weight. Deleting
                // events takes the journal's write lock, so it waits until the actor is idle rather than stall a burst.
                DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
                _eventsCoveredBySnapshot = success.Metadata.SequenceNr;
                MaybeIdle();
                break;
            case SaveSnapshotFailure failure:
                _log.Warning(failure.Cause, "Snapshot of {0} failed", _dbId);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure or DeleteMessagesSuccess or DeleteMessagesFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Register(RegisterActor cmd)
    {
        if (_state.Actor is not null)
        {
            Sender.Tell(new ActorReply(new AbacoResult(AbacoResultCode.Conflict, $"Actor {_dbId} already exists."), null));
            return;
        }
        var key = ActorKey.Parse(_dbId);
        var now = Now;
        var (definition, cronNextEx) = CronAtRegistration(cmd.Definition, now);
        var record = new ActorRecord(key.Tenant, key.Id.Value, cmd.Owner, cmd.ApiServer, definition,
            ActorStatus.Submitted, "", EmptyState, ActorMounts.For(definition, cmd.Owner, key.Tenant, _settings.ForTenant(key.Tenant).Workers),
            1, cronNextEx, now, now) { OwnerRoles = cmd.OwnerRoles.IsDefault ? [] : cmd.OwnerRoles };
        var replyTo = Sender;
        Persist(new ActorRegistered(record), evt =>
        {
            Apply(evt);
            _stores.Actors.UpsertAsync(record).PipeTo(replyTo,
                success: () => new ActorReply(AbacoResult.Ok, record),
                failure: StoreFailure);
            var initial = record.Definition.Stateless ? _settings.Workers.InitCount : Math.Min(1, _settings.Workers.InitCount);
            for (var i = 0; i < initial; i++) RequestWorker();
            ScheduleCron();
            MaybeIdle();
        });
    }

    private static readonly JsonElement EmptyState = JsonDocument.Parse("{}").RootElement.Clone();

    private void Update(UpdateActor cmd)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new ActorReply(AbacoResult.NotFound($"No actor found with identifier: {ActorKey.Parse(_dbId).Id}."), null));
            return;
        }
        if (Actor.Status == ActorStatus.ShuttingDown)
        {
            Sender.Tell(new ActorReply(AbacoResult.BadRequest("The actor is being deleted."), null));
            return;
        }
        if (!Actor.Definition.Stateless && cmd.Definition.Stateless)
        {
            Sender.Tell(new ActorReply(AbacoResult.BadRequest(
                "Invalid actor description: an actor that was not stateless cannot be updated to be stateless."), null));
            return;
        }
        var newImage = cmd.Force || cmd.Definition.Image != Actor.Definition.Image;
        // The name never changes after registration (reference §1.3 #4).
        var definition = cmd.Definition with { Name = Actor.Definition.Name };
        var record = Actor with
        {
            Definition = definition,
            Mounts = ActorMounts.For(definition, Actor.Owner, Actor.Tenant, _settings.ForTenant(Actor.Tenant).Workers),
            CronNextEx = CronAtUpdate(definition, Now),
            Revision = newImage ? Actor.Revision + 1 : Actor.Revision,
            Status = newImage ? ActorStatus.Submitted : Actor.Status,
            StatusMessage = newImage ? "" : Actor.StatusMessage,
            LastUpdateTime = Now,
            OwnerRoles = cmd.OwnerRoles is { IsDefault: false } roles ? roles : Actor.OwnerRoles,
        };
        var replyTo = Sender;
        Persist(new ActorUpdated(record), evt =>
        {
            Apply(evt);
            _stores.Actors.UpsertAsync(record).PipeTo(replyTo,
                success: () => new ActorReply(AbacoResult.Ok, record),
                failure: StoreFailure);
            ScheduleCron();
            if (!newImage) return;
            // Workers of the old revision finish what they run and stop; a new one starts with the new image.
            _consecutiveStartFailures = 0;
            foreach (var slot in _workers.Values.Where(w => w.Record.Revision != record.Revision).ToList())
                StopWorker(slot, halt: false, "the actor's image was updated");
            RequestWorker();
        });
    }

    private void Accept(SendMessage cmd)
    {
        if (!_state.Exists)
        {
            Sender.Tell(AbacoResult.NotFound($"No actor found with identifier: {ActorKey.Parse(_dbId).Id}."));
            return;
        }
        if (Actor.Status == ActorStatus.ShuttingDown)
        {
            Sender.Tell(AbacoResult.BadRequest("The actor is being deleted and accepts no more messages."));
            return;
        }
        // Messages accepted but not yet journalled count too: PersistAsync lets many be in flight at once.
        var cap = _settings.Web.MaxQueuedMessagesPerActor;
        if (_state.PendingCount + _acceptsInFlight >= cap)
        {
            Sender.Tell(new AbacoResult(AbacoResultCode.Full,
                $"The actor has {cap} messages waiting already (web.max_queued_messages_per_actor); try again later."));
            return;
        }
        var message = cmd.Message with
        {
            Environment = cmd.Message.Environment.SetItem("_abaco_actor_revision", Actor.Revision.ToString()),
        };
        var replyTo = Sender;
        _acceptsInFlight++;
        // PersistAsync: while one journal write is in flight the next messages gather into the following batch,
        // so accepting is bound by batches, not by one fsync per message.
        PersistAsync(new MessageQueued(message), evt =>
        {
            _acceptsInFlight--;
            Apply(evt);
            var pending = _state.PendingCount;
            _stores.Executions.UpsertAsync(SubmittedExecution(message)).PipeTo(replyTo,
                success: () => new MessageAccepted(new ExecutionId(message.ExecutionId), pending),
                failure: StoreFailure);
            EnsureWorkerAndDispatch();
        });
    }

    private static object StoreFailure(Exception e) =>
        new AbacoResult(AbacoResultCode.Unavailable, $"The store could not be written: {e.GetBaseException().Message}");

    // ---------------------------------------------------------------- delete

    private void Delete()
    {
        if (!_state.Exists)
        {
            Sender.Tell(AbacoResult.NotFound($"No actor found with identifier: {ActorKey.Parse(_dbId).Id}."));
            return;
        }
        if (_deleteReplyTo is not null)
        {
            Sender.Tell(AbacoResult.BadRequest("The actor is already being deleted."));
            return;
        }
        _deleteReplyTo = Sender;
        ChangeStatus(ActorStatus.ShuttingDown, "");
        foreach (var slot in _workers.Values.ToList()) StopWorker(slot, halt: true, "its actor is being deleted");
        if (_workers.Count == 0) FinishDelete(_deleteReplyTo);
        else Timers.StartSingleTimer("delete", DeleteTimedOut.Instance, DeleteTimeout);
    }

    private void FinishDelete(IActorRef? replyTo)
    {
        Timers.Cancel("delete");
        _deleteReplyTo = null;
        var cleanedUp = _workers.Count == 0;
        // After the handlers of journal writes still in flight (an execution's end, written with PersistAsync):
        // an execution that finished before its worker stopped must not be marked ERROR over its COMPLETE.
        DeferAsync(replyTo, r => DeleteNow(r, cleanedUp));
    }

    private void DeleteNow(IActorRef? replyTo, bool cleanedUp)
    {
        foreach (var message in _state.Pending.Concat(_state.Running.Values.Select(r => r.Message)).ToList())
            WriteExecution(SubmittedExecution(message) with
            {
                Status = ExecutionStatus.Error,
                StatusMessage = "The actor was deleted before this execution finished.",
                FinishTime = Now,
            });
        var dbId = _dbId;
        var stores = _stores;
        Persist(new ActorDeleted(Now), evt =>
        {
            Apply(evt);
            foreach (var executionId in _watchers.Keys.ToList()) NotifyWatchers(executionId, ended: true);
            var cleanup = Task.WhenAll(
                stores.Actors.DeleteAsync(dbId),
                stores.Logs.DeleteForActorAsync(dbId),
                stores.Workers.DeleteForActorAsync(dbId),
                stores.Clients.DeleteForActorAsync(dbId),
                stores.Results.DeleteForActorAsync(dbId),
                stores.Bodies.DeleteForActorAsync(dbId));
            if (replyTo is not null)
                cleanup.PipeTo(replyTo,
                    success: () => new AbacoResult(AbacoResultCode.Ok, cleanedUp
                        ? "Actor deleted successfully."
                        : "Actor deleted successfully, though Abaco is still cleaning up some of the actor's resources."),
                    failure: StoreFailure);
            // Nothing of a deleted actor is worth keeping in the journal but the tombstone.
            SaveSnapshot(_state);
            Context.SetReceiveTimeout(IdleBeforePassivation);
        });
    }

    // ---------------------------------------------------------------- helpers

    private void StopWorker(WorkerSlot slot, bool halt, string reason)
    {
        if (slot.Stopping) return;
        slot.Stopping = true;
        slot.Record = slot.Record with { Status = WorkerStatus.ShutdownRequested };
        _ = _stores.Workers.UpsertAsync(slot.Record);
        Timers.Cancel($"idle-{slot.Record.Id}");
        if (slot.Ref is null)
        {
            RemoveWorker(slot);
            return;
        }
        slot.Ref.Tell(new StopWorker(halt, reason));
        Timers.StartSingleTimer($"stuck-{slot.Record.Id}", new StuckShutdown(slot.Record.Id), StuckShutdownBound);
    }

    private void RemoveWorker(WorkerSlot slot)
    {
        _workers.Remove(slot.Record.Id);
        Timers.Cancel($"start-{slot.Record.Id}");
        Timers.Cancel($"idle-{slot.Record.Id}");
        Timers.Cancel($"stuck-{slot.Record.Id}");
        if (slot.Ref is not null) Context.Unwatch(slot.Ref);
        // Deleting the client revokes the worker's tokens (WorkerTokens); it goes first, so that a worker no longer
        // listed never has tokens still accepted.
        var (workers, dbId, workerId) = (_stores.Workers, slot.Record.ActorDbId, slot.Record.Id);
        _ = _stores.Clients.DeleteAsync(dbId, workerId)
            .ContinueWith(_ => workers.DeleteAsync(dbId, workerId), TaskScheduler.Default).Unwrap();
    }

    private void ChangeStatus(string status, string statusMessage)
    {
        Persist(new ActorStatusChanged(status, statusMessage, Now), evt =>
        {
            Apply(evt);
            _ = _stores.Actors.UpsertAsync(Actor);
            if (status == ActorStatus.Ready) PublishEvent(EventProtocol.ActorReady, statusMessage);
            else if (status == ActorStatus.Error) PublishEvent(EventProtocol.ActorError, statusMessage);
        });
    }

    private void Apply(IActorEvent evt)
    {
        if (evt is ExecutionEnded ended) DeleteBodyOf(ended.ExecutionId);
        _state = _state.Apply(evt);
        if (++_eventsSinceSnapshot >= _settings.Store.SnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state);
        }
    }

    private ExecutionRecord SubmittedExecution(QueuedMessage message) => new(
        message.ExecutionId, Actor.Tenant, Actor.Id, Actor.ApiServer, message.Executor, null,
        ExecutionStatus.Submitted, "", message.ReceivedTime, null, null, 0, 0, 0, null, null);

    private void MaybeIdle()
    {
        if (_state.PendingCount == 0 && _state.Running.IsEmpty && _eventsCoveredBySnapshot > 0)
        {
            DeleteMessages(_eventsCoveredBySnapshot);
            _eventsCoveredBySnapshot = 0;
        }
        if (_workers.Count == 0 && _state.PendingCount == 0 && _state.Running.IsEmpty)
            Context.SetReceiveTimeout(IdleBeforePassivation);
    }

    private void MaybePassivate()
    {
        // An actor with cron stays in memory: its timer is its schedule.
        if (_workers.Count == 0 && _state.PendingCount == 0 && _state.Running.IsEmpty && _deleteReplyTo is null && !HasCron)
        {
            Context.SetReceiveTimeout(null);
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    private sealed class ReconcileDone : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly ReconcileDone Instance = new();
    }

    private sealed record WorkerStartTimedOut(string WorkerId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed class DeleteTimedOut : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly DeleteTimedOut Instance = new();
    }
}
