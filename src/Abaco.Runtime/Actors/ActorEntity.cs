using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Protocol;
using Abaco.Runtime.Journal;
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
    private readonly WorkerPool<IActorRef> _workers = new();
    private int _eventsSinceSnapshot;
    private long _eventsCoveredBySnapshot;
    private int _consecutiveStartFailures;
    // Execution ids whose MessageQueued is issued (PersistAsync) and not yet journalled.
    private readonly HashSet<string> _accepting = [];
    // The last execution each worker reported finished, by worker id.
    private readonly Dictionary<string, string> _lastFinishReported = [];

    public ActorEntity(string dbId, AbacoSettings settings, IAbacoStores stores, TimeProvider clock, Timings timings)
    {
        _timings = timings;
        _dbId = dbId;
        _settings = settings;
        _stores = stores;
        _clock = clock;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
    }

    /// <param name="timings">The entity's clocks: <see cref="Timings.Default"/> in production, shorter in specs.</param>
    public static Props Props(string dbId, AbacoSettings settings, IAbacoStores stores, TimeProvider clock,
        Timings? timings = null) =>
        Akka.Actor.Props.Create(() => new ActorEntity(dbId, settings, stores, clock, timings ?? Timings.Default));

    public override string PersistenceId => $"actor-{_dbId}";

    public ITimerScheduler Timers { get; set; } = null!;

    private static readonly TimeSpan IdleBeforePassivation = TimeSpan.FromMinutes(2);

    private DateTime Now => Core.Text.AbacoTime.Normalize(_clock.GetUtcNow().UtcDateTime);

    private ActorKey Key => ActorKey.Parse(_dbId);

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
                _queuedShare.Set(_state.PendingCount);
                ForgetSendsDuringRecovery();
                OnRecovered();
                break;
        }
    }

    private void OnRecovered()
    {
        if (!_state.Exists)
        {
            // Never registered, or deleted: nothing to keep this entity in memory for.
            BecomeAbsent();
            Context.SetReceiveTimeout(IdleBeforePassivation);
            return;
        }
        if (Actor.Status == ActorStatus.ShuttingDown)
        {
            // Stopped half-way through a DELETE: finish it.
            BecomeDeleting(null);
            FinishDelete();
            return;
        }
        _log.Info("Recovered {0}: {1} pending, {2} running ({3})", _dbId, _state.PendingCount, _state.Running.Count,
            string.Join(", ", _state.Running.Keys));
        // Workers that survived (the entity moved or restarted, not their node) claim their executions; the rest
        // are declared interrupted when the window closes.
        BecomeReconciling();
        _mediator.Tell(new Publish(WorkerTopic(_dbId), new IdentifyWorkers(Key)));
        Timers.StartSingleTimer(TimerKey.Reconcile, ReconcileDone.Instance, _timings.ReconcileWindow);
        // Rewrite what the stores may have missed if the node died between journal and store writes.
        foreach (var message in _state.Pending) WriteExecution(SubmittedExecution(message));
        WriteActorRecord();
        ScheduleCron();
    }

    // ---------------------------------------------------------------- journal outages

    // A failed write or recovery stops the entity (its state is unknown); without this, its queued messages would
    // wait for the next request to the actor after the database came back.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        RefuseAllAwaitingJournal(cause);
        WakeLater();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    // A rejected write journalled nothing and leaves the entity alive (a full disk: see StorageFullJournal). A refused
    // MessageQueued is refused to its sender and no longer counts against the queue cap. Any other event refused for
    // lack of space takes its state change with it, so the entity stops and recovers as after a failed write.
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        if (@event is MessageQueued queued)
        {
            _accepting.Remove(queued.Message.ExecutionId);
            RefuseFirstAwaitingJournal(cause);
        }
        else if (StorageFull.Is(cause))
        {
            RefuseAllAwaitingJournal(cause);
            WakeLater();
            Context.Stop(Self);
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        RefuseSendsDuringRecovery(reason);
        WakeLater();
        base.OnRecoveryFailure(reason, message);
    }

    private void WakeLater() => Context.System.Scheduler.ScheduleTellOnce(_timings.WakeAfterJournalFailure,
        Context.Parent, new Wake(Key), ActorRefs.NoSender);

    internal static string WorkerTopic(string dbId) => $"abaco-workers-{dbId}";

    // ---------------------------------------------------------------- helpers

    private void ChangeStatus(string status, string statusMessage)
    {
        Persist(new ActorStatusChanged(status, statusMessage, Now), evt =>
        {
            Apply(evt);
            WriteActorRecord();
            if (status == ActorStatus.Ready) PublishEvent(EventProtocol.ActorReady, statusMessage);
            else if (status == ActorStatus.Error) PublishEvent(EventProtocol.ActorError, statusMessage);
        });
    }

    private void Apply(IActorEvent evt)
    {
        if (evt is ExecutionEnded ended) DeleteBodyOf(ended.ExecutionId);
        var before = _state;
        _state = _state.Apply(evt);
        RecordMetrics(evt, before);
        if (++_eventsSinceSnapshot >= ActorDecisions.EventsBetweenSnapshots(_settings.Store.SnapshotEvery, _state))
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state);
        }
    }

    private ExecutionRecord SubmittedExecution(QueuedMessage message) => new(
        message.ExecutionId, Actor.Tenant, Actor.Id, Actor.ApiServer, message.Executor, null,
        ExecutionStatus.Submitted, "", message.ReceivedTime, null, null, 0, 0, 0, null, null);

    // The snapshot holds the whole state: older snapshots and the events before it are dead weight. Deleting events
    // takes the journal's write lock, so it waits until the actor is idle rather than stall a burst.
    private void OnSnapshotSaved(SaveSnapshotSuccess success)
    {
        DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        _eventsCoveredBySnapshot = success.Metadata.SequenceNr;
        MaybeIdle();
    }

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
        if (_workers.Count == 0 && _state.PendingCount == 0 && _state.Running.IsEmpty &&
            _behaviour != Behaviour.Deleting && !HasCron)
        {
            Context.SetReceiveTimeout(null);
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }
}
