using Abaco.Containers;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Abaco.Runtime.Actors;
using static Abaco.Protocol.WorkerProtocol;
using WorkerClientRecord = Abaco.Core.Workers.WorkerClientRecord;
using WorkerStatus = Abaco.Core.Workers.WorkerStatus;

namespace Abaco.Runtime.Workers;

/// <summary>
/// One worker of one actor on this spawner's Docker host (the original's worker process). Contract with its
/// entity: it reports every status change; READY means "give me work"; it runs one <see cref="RunExecution"/> at a
/// time as a fresh container, stores the logs, then reports <see cref="ExecutionFinished"/> (which also means
/// ready again). <see cref="StopWorker"/> is accepted in every state; while busy it only halts the container (when
/// asked) and the worker stops once the entity, having read the final report, says so again. A worker never stops on
/// its own initiative except after <see cref="WorkerTimings.FailedTimeout"/>: its death would otherwise overtake its
/// last report. This file holds the states and the set-up; WorkerActor.Execution.cs runs one execution.
/// </summary>
public sealed partial class WorkerActor : FSM<WorkerState, WorkerData>
{
    private readonly StartWorker _start;
    private readonly WorkerServices _services;
    private readonly WorkerTimings _timings;
    private readonly AbacoSettings _settings;
    private readonly IContainerRuntime _runtime;
    private readonly ILogStore _logs;
    private readonly IActorRef _entities;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Made for the first execution that needs a token, then reused; deleted when the worker stops (PostStop, and by
    // its entity), which revokes the worker's tokens.
    private WorkerClientRecord? _client;
    // The report of the execution this worker last finished, until its entity acknowledges it or gives the next one.
    // A report sent while its entity was moving to another node can be lost: it is repeated (WorkerActor.FinishReport.cs),
    // and the entity's new incarnation asks its workers to identify themselves, an idle worker then repeating it too, so
    // the execution ends COMPLETE, not "interrupted".
    private ExecutionFinished? _lastFinished;

    public WorkerActor(StartWorker start, WorkerServices services, IActorRef entities, WorkerTimings timings)
    {
        _start = start;
        _services = services;
        _timings = timings;
        // The tenant's own log_ex, uid/gid and the like where it has them (workers.{tenant}_actor_uid, ...).
        _settings = services.Settings.ForTenant(start.ActorKey.Tenant);
        _runtime = services.Runtime;
        _logs = services.Stores.Logs;
        _entities = entities;

        StartWith(WorkerState.SpawnerSetup, WorkerData.Idle);

        When(WorkerState.SpawnerSetup, evt => evt.FsmEvent switch
        {
            Setup => PullImage(),
            _ => null,
        });

        When(WorkerState.PullingImage, evt => evt.FsmEvent switch
        {
            ImageReady => GoTo(WorkerState.CreatingContainer),
            ImageFailed failed => Fail(failed.Reason),
            _ => null,
        });

        When(WorkerState.CreatingContainer, evt => evt.FsmEvent switch
        {
            ContainerConfigReady => GoTo(WorkerState.Ready),
            _ => null,
        });

        When(WorkerState.Ready, evt => evt.FsmEvent switch
        {
            RunExecution run => Run(run),
            _ => null,
        });

        When(WorkerState.Failed, evt => evt.FsmEvent switch
        {
            StateTimeout => Stop(),
            _ => null,
        }, _timings.FailedTimeout);

        When(WorkerState.Busy, evt => evt.FsmEvent switch
        {
            Prepared prepared => StartContainer(prepared, evt.StateData),
            ContainerStarted started => Watch(started),
            WarmStart start => WatchWarm(start, evt.StateData),
            ContainerStartFailed failed => StartFailed(failed, evt.StateData),
            ContainerExited exited => SaveLogs(exited),
            LogsSaved saved => Finished(saved, evt.StateData),
            StopWorker stop => HaltIfAsked(stop, evt.StateData),
            HaltContainer halt => Halt(halt, evt.StateData),
            RunExecution run => Refuse(run, evt.StateData),
            _ => null,
        });

        WhenUnhandled(evt => evt.FsmEvent switch
        {
            StopWorker => Stop(),
            IdentifyWorkers => Identify(evt.StateData),
            RepeatFinishReport => RepeatFinish(),
            FinishAcknowledged acknowledged => FinishJournalled(acknowledged),
            CleanedUp cleaned => Logged(cleaned),
            SubscribeAck => Stay(),
            _ => null,
        });

        OnTransition((from, to) =>
        {
            _statusShare.Set(StatusOf(to));
            // Busy → Ready is implied by ExecutionFinished / ExecutionFailedToStart; everything else is reported.
            // (Initialize() "transitions" into the start state, which PreStart reports itself; Failed is reported as
            // WorkerFailed.)
            if (from == to || from == WorkerState.Busy || to is WorkerState.Busy or WorkerState.Failed) return;
            Report(to, null);
            if (to == WorkerState.CreatingContainer) Self.Tell(ContainerConfigReady.Instance);
        });

        Initialize();
    }

    public static Props Props(StartWorker start, WorkerServices services, IActorRef entities, WorkerTimings timings) =>
        Akka.Actor.Props.Create(() => new WorkerActor(start, services, entities, timings));

    public static string StatusOf(WorkerState state) => state switch
    {
        WorkerState.Failed => WorkerStatus.Error,
        WorkerState.SpawnerSetup => WorkerStatus.SpawnerSetup,
        WorkerState.PullingImage => WorkerStatus.PullingImage,
        WorkerState.CreatingContainer => WorkerStatus.CreatingContainer,
        WorkerState.Ready => WorkerStatus.Ready,
        _ => WorkerStatus.Busy,
    };

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ActorEntity.WorkerTopic(_start.ActorKey.DbId), Self));
        Report(WorkerState.SpawnerSetup, null);
        _statusShare.Set(StatusOf(WorkerState.SpawnerSetup));
        Self.Tell(Setup.Instance);
        base.PreStart();
    }

    protected override void PostStop()
    {
        // Its entity deletes the client too, but a worker stopped by an entity that does not know it (one that moved
        // while this node lived) is deleted by no one else. Nothing can receive the outcome of a write started here,
        // so its failure is logged where it happens.
        if (_client is { } client)
        {
            var log = _log;
            _services.Stores.Clients.DeleteAsync(client.ActorDbId, client.WorkerId).ContinueWith(
                t => log.Warning("The client of worker {0} could not be deleted: {1}", client.WorkerId,
                    t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
        }
        if (_warm is { } warm)
        {
            var log = _log;
            RemoveWarmAsync(warm).ContinueWith(t => log.Warning("The warm container {0} could not be removed: {1}", warm.Name,
                t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
        }
        _lifetime.Cancel();
        _lifetime.Dispose();
        _statusShare.Clear();
        base.PostStop();
    }

    private State<WorkerState, WorkerData> PullImage()
    {
        var image = _start.Image;
        _runtime.EnsureImageAsync(image, _lifetime.Token).PipeTo(Self,
            success: () => ImageReady.Instance,
            failure: e => new ImageFailed(e is ContainerRuntimeException
                ? e.Message
                : $"Image {image} could not be prepared: {e.GetBaseException().Message}"));
        return GoTo(WorkerState.PullingImage);
    }

    private State<WorkerState, WorkerData> Fail(string reason)
    {
        _log.Warning("Worker {0} of {1} cannot run: {2}", _start.WorkerId, _start.ActorKey.DbId, reason);
        _entities.Tell(new WorkerFailed(_start.ActorKey, _start.WorkerId, reason));
        return GoTo(WorkerState.Failed);
    }

    private State<WorkerState, WorkerData> Refuse(RunExecution run, WorkerData data)
    {
        // The entity took this worker for idle (its shard moved while the worker ran): the message did not run, so it
        // goes back to the entity's queue, told what this worker still runs. A repeat of its own execution is no news.
        if (run.Message.ExecutionId == data.ExecutionId) return Stay();
        _log.Info("Worker {0} of {1} refuses execution {2}: it still runs {3}", _start.WorkerId, _start.ActorKey.DbId,
            run.Message.ExecutionId, data.ExecutionId);
        _entities.Tell(new ExecutionRefused(_start.ActorKey, _start.WorkerId, new ExecutionId(run.Message.ExecutionId),
            data.ExecutionId is null ? null : new ExecutionId(data.ExecutionId)));
        return Stay();
    }

    private State<WorkerState, WorkerData> Identify(WorkerData data)
    {
        // The repeated report first: the entity then learns of this worker as READY with nothing left to settle.
        if (StateName == WorkerState.Ready && _lastFinished is { } finished) Sender.Tell(finished);
        Sender.Tell(StatusReport(StateName, data.ExecutionId));
        return Stay();
    }

    /// <summary>Runs a clean-up the worker does not wait for; its outcome comes back as <see cref="CleanedUp"/>.</summary>
    private void CleanUpInBackground(Task cleanup, string what) =>
        cleanup.PipeTo(Self, success: () => new CleanedUp(what, null),
            failure: e => new CleanedUp(what, e.GetBaseException().Message));

    private State<WorkerState, WorkerData> Logged(CleanedUp cleaned)
    {
        if (cleaned.Error is not null) _log.Warning("{0} failed: {1}", cleaned.What, cleaned.Error);
        return Stay();
    }

    private void Report(WorkerState state, string? executionId) => _entities.Tell(StatusReport(state, executionId));

    private WorkerStatusReport StatusReport(WorkerState state, string? executionId) => new(_start.ActorKey,
        _start.WorkerId, StatusOf(state), _start.Revision, executionId is null ? null : new ExecutionId(executionId), _settings.Spawner.HostId,
        _settings.Spawner.HostIp, _settings.Docker.Dd);
}
