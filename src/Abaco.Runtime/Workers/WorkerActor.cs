using Abaco.Containers;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Logs;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Abaco.Runtime.Actors;
using static Abaco.Protocol.WorkerProtocol;
using WorkerClientRecord = Abaco.Core.Workers.WorkerClientRecord;
using WorkerStatus = Abaco.Core.Workers.WorkerStatus;

namespace Abaco.Runtime.Workers;

/// <summary>The worker's states; <see cref="WorkerActor.StatusOf"/> spells them as Abaco does.</summary>
public enum WorkerState { SpawnerSetup, PullingImage, CreatingContainer, Ready, Busy, Failed }

/// <summary>
/// The execution in hand, the token that halts it, its results socket / FIFO once prepared, the live log
/// follower (with what stops it) while the container runs, and the actor's own <c>log_ex</c> (reference §3.6).
/// </summary>
public sealed record WorkerData(string? ExecutionId, CancellationTokenSource? Halt, ExecutionIpc? Ipc = null,
    Task? LiveLogs = null, CancellationTokenSource? StopLiveLogs = null, int? LogEx = null)
{
    public static readonly WorkerData Idle = new(null, null);
}

/// <summary>
/// One worker of one actor on this spawner's Docker host (the original's worker process). Contract with its
/// entity: it reports every status change; READY means "give me work"; it runs one <see cref="RunExecution"/> at a
/// time as a fresh container, stores the logs, then reports <see cref="ExecutionFinished"/> (which also means
/// ready again). <see cref="StopWorker"/> is accepted in every state; while busy it only halts the container (when
/// asked) and the worker stops once the entity, having read the final report, says so again. A worker never stops on
/// its own initiative except after <see cref="FailedTimeout"/>: its death would otherwise overtake its last report.
/// </summary>
public sealed class WorkerActor : FSM<WorkerState, WorkerData>
{
    private readonly StartWorker _start;
    private readonly WorkerServices _services;
    private readonly AbacoSettings _settings;
    private readonly IContainerRuntime _runtime;
    private readonly ILogStore _logs;
    private readonly IActorRef _entities;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Made for the first execution that needs a token, then reused; deleted when the worker stops (PostStop, and by
    // its entity), which revokes the worker's tokens.
    private WorkerClientRecord? _client;

    public WorkerActor(StartWorker start, WorkerServices services, IActorRef entities)
    {
        _start = start;
        _services = services;
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
        }, FailedTimeout);

        When(WorkerState.Busy, evt => evt.FsmEvent switch
        {
            Prepared prepared => StartContainer(prepared, evt.StateData),
            ContainerStarted started => Watch(started),
            ContainerStartFailed failed => StartFailed(failed, evt.StateData),
            ContainerExited exited => SaveLogs(exited),
            LogsSaved saved => Finished(saved, evt.StateData),
            StopWorker stop => HaltIfAsked(stop, evt.StateData),
            HaltContainer halt => Halt(halt, evt.StateData),
            RunExecution run => Refuse(run),
            _ => null,
        });

        WhenUnhandled(evt => evt.FsmEvent switch
        {
            StopWorker => Stop(),
            IdentifyWorkers => Identify(evt.StateData),
            SubscribeAck => Stay(),
            _ => null,
        });

        OnTransition((from, to) =>
        {
            // Busy → Ready is implied by ExecutionFinished / ExecutionFailedToStart; everything else is reported.
            // (Initialize() "transitions" into the start state, which PreStart reports itself; Failed is reported as
            // WorkerFailed.)
            if (from == to || from == WorkerState.Busy || to is WorkerState.Busy or WorkerState.Failed) return;
            Report(to, null);
            if (to == WorkerState.CreatingContainer) Self.Tell(ContainerConfigReady.Instance);
        });

        Initialize();
    }

    public static Props Props(StartWorker start, WorkerServices services, IActorRef entities) =>
        Akka.Actor.Props.Create(() => new WorkerActor(start, services, entities));

    /// <summary>How long a failed worker waits for its entity's acknowledgement before it stops anyway.</summary>
    internal static TimeSpan FailedTimeout { get; set; } = TimeSpan.FromSeconds(30);

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
        Self.Tell(Setup.Instance);
        base.PreStart();
    }

    protected override void PostStop()
    {
        // Its entity deletes the client too, but a worker stopped by an entity that does not know it (one that moved
        // while this node lived) is deleted by no one else.
        if (_client is { } client)
            _services.Stores.Clients.DeleteAsync(client.ActorDbId, client.WorkerId).ContinueWith(
                t => _log.Warning("The client of worker {0} could not be deleted: {1}", client.WorkerId,
                    t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
        _lifetime.Cancel();
        _lifetime.Dispose();
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

    private State<WorkerState, WorkerData> Run(RunExecution run)
    {
        var executionId = run.Message.ExecutionId;
        var halt = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        PrepareAsync(run, _client).PipeTo(Self,
            success: prepared => prepared,
            failure: e => new ContainerStartFailed(executionId, e.GetBaseException().Message));
        return GoTo(WorkerState.Busy).Using(new WorkerData(executionId, halt, LogEx: run.Actor.Definition.LogEx));
    }

    /// <summary>
    /// Configs and a fresh access token (under the worker's client, stored first when the worker has none yet) for the
    /// environment, then the results socket and (binary messages) the FIFO.
    /// </summary>
    private async Task<Prepared> PrepareAsync(RunExecution run, WorkerClientRecord? client)
    {
        var executionId = run.Message.ExecutionId;
        var configs = await ActorConfigs.LiteralForAsync(run.Actor, _services, _lifetime.Token);
        var tokens = _services.Tokens;
        if (tokens.IssuesFor(run.Actor) && client is null)
        {
            client = WorkerClientRecord.New(run.Actor.Tenant, run.Actor.Id, _start.WorkerId.Value, run.Actor.Owner,
                _services.Clock.GetUtcNow().UtcDateTime);
            await _services.Stores.Clients.AddAsync(client, _lifetime.Token);
        }
        var accessToken = client is null ? "" : tokens.For(run.Actor, client);
        var ipc = ExecutionIpc.Open(_services, _start.WorkerId.Value, run.Message, OnResult(executionId),
            e => _log.Warning("Results or binary message of execution {0} were lost: {1}", executionId, e.Message));
        try
        {
            var spec = ContainerSpecs.For(run, _start.WorkerId.Value, _settings, configs,
                (ipc.ResultsSocketPath, ipc.BinaryFifoPath), accessToken);
            // The binary message (streamed from the body store) fills the pipe before the container starts.
            await ipc.StartWritingMessageAsync(_services.Stores.Bodies);
            return new Prepared(executionId, spec, ipc, client);
        }
        catch
        {
            await ipc.CloseAsync();
            throw;
        }
    }

    /// <summary>Each datagram the container sends becomes a stored result its entity hears about.</summary>
    private Func<byte[], Task> OnResult(string executionId)
    {
        var (actor, workerId, entities, results, clock, ttl) = (_start.ActorKey, _start.WorkerId, _entities,
            _services.Stores.Results, _services.Clock, _settings.Workers.ResultsTtl);
        return async result =>
        {
            await results.PushAsync(actor.DbId, executionId, result, clock.GetUtcNow().UtcDateTime + ttl);
            entities.Tell(new ResultAvailable(actor, workerId, new ExecutionId(executionId)));
        };
    }

    private State<WorkerState, WorkerData> StartContainer(Prepared prepared, WorkerData data)
    {
        var executionId = prepared.ExecutionId;
        _client = prepared.Client;
        _runtime.StartAsync(prepared.Spec, _lifetime.Token).PipeTo(Self,
            success: container => new ContainerStarted(executionId, container),
            failure: e => new ContainerStartFailed(executionId, e.GetBaseException().Message));
        return Stay().Using(data with { Ipc = prepared.Ipc });
    }

    private State<WorkerState, WorkerData> Halt(HaltContainer halt, WorkerData data)
    {
        if (halt.ExecutionId.Value == data.ExecutionId) data.Halt?.Cancel();
        return Stay();
    }

    /// <summary>How often the logs of a running execution are written to the log store (when they grew).</summary>
    internal static TimeSpan LiveLogsInterval { get; set; } = TimeSpan.FromSeconds(1);

    private State<WorkerState, WorkerData> Watch(ContainerStarted started)
    {
        _entities.Tell(new ExecutionStarted(_start.ActorKey, _start.WorkerId, new ExecutionId(started.ExecutionId),
            started.Container.StartTime, started.Container.ContainerId));
        var halt = StateData.Halt?.Token ?? CancellationToken.None;
        var executionId = started.ExecutionId;
        var container = started.Container;
        // Logs are readable while the execution runs (reference §1.4 #12); the read after exit is the final word.
        // Each write is kept for the actor's log TTL from the moment it is written, and truncated like the final logs.
        var (logs, dbId, tenant, clock, web, logEx) =
            (_logs, _start.ActorKey.DbId, _start.ActorKey.Tenant, _services.Clock, _settings.Web, StateData.LogEx);
        var stopLiveLogs = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var liveLogs = _runtime.FollowLogsAsync(container.ContainerId,
            text => logs.SetAsync(executionId, dbId, tenant, LogTruncation.Apply(text, web.MaxLogLength),
                LogRetention.ExpiresAt(clock.GetUtcNow().UtcDateTime, logEx, web)),
            LiveLogsInterval, stopLiveLogs.Token);
        _runtime.WaitAsync(container, MaxRunTime(_settings.Workers), halt).PipeTo(Self,
            success: outcome => new ContainerExited(executionId, container, outcome),
            failure: e => new ContainerExited(executionId, container, new ContainerOutcome(null, container.StartTime,
                DateTime.UtcNow, $"Abaco lost track of the container: {e.GetBaseException().Message}", 0, 0, null, false)));
        return Stay().Using(StateData with { LiveLogs = liveLogs, StopLiveLogs = stopLiveLogs });
    }

    private State<WorkerState, WorkerData> StartFailed(ContainerStartFailed failed, WorkerData data)
    {
        _entities.Tell(new ExecutionFailedToStart(_start.ActorKey, _start.WorkerId, new ExecutionId(failed.ExecutionId), failed.Reason));
        data.Halt?.Dispose();
        data.Ipc?.CloseAsync().ContinueWith(t => _log.Warning("Could not clean up after execution {0}: {1}",
            failed.ExecutionId, t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
        return GoTo(WorkerState.Ready).Using(WorkerData.Idle);
    }

    /// <summary>
    /// Logs are stored and the results socket drained before the entity hears the execution finished, so a client
    /// seeing COMPLETE (or a synchronous caller) finds both.
    /// </summary>
    private State<WorkerState, WorkerData> SaveLogs(ContainerExited exited)
    {
        var execution = exited.ExecutionId;
        var ipc = StateData.Ipc;
        var closing = ipc?.CloseAsync() ?? Task.CompletedTask;
        var log = _log;
        // Once closed, the results socket has delivered everything: the budget's count is final.
        closing.ContinueWith(_ =>
        {
            if (ipc?.Budget is { Dropped: > 0 } budget)
                log.Warning("Execution {0} sent more results than allowed ({1} results / {2} bytes): {3} dropped",
                    execution, budget.MaxResults, budget.MaxBytes, budget.Dropped);
        }, TaskScheduler.Default);
        var outcome = exited.Outcome;
        var final = LogTruncation.Apply(outcome.Logs, _settings.Web.MaxLogLength);
        var finishedAt = outcome.FinishTime < outcome.StartTime ? outcome.StartTime : outcome.FinishTime;
        var expiresAt = LogRetention.ExpiresAt(finishedAt, StateData.LogEx, _settings.Web);
        var (logs, dbId, tenant) = (_logs, _start.ActorKey.DbId, _start.ActorKey.Tenant);
        var (liveLogs, stopLiveLogs) = (StateData.LiveLogs ?? Task.CompletedTask, StateData.StopLiveLogs);
        stopLiveLogs?.Cancel();
        // The follower's last write must land before the final logs, never after them.
        var saved = liveLogs.ContinueWith(_ => logs.SetAsync(execution, dbId, tenant, final, expiresAt),
            TaskScheduler.Default).Unwrap();
        Task.WhenAll(saved, closing).PipeTo(Self,
            success: () => new LogsSaved(exited, null),
            failure: e => new LogsSaved(exited, e.GetBaseException().Message));
        return Stay();
    }

    private State<WorkerState, WorkerData> Finished(LogsSaved saved, WorkerData data)
    {
        var (executionId, container, outcome) = (saved.Exited.ExecutionId, saved.Exited.Container, saved.Exited.Outcome);
        if (saved.Error is not null)
            _log.Error("Logs of execution {0} could not be stored: {1}", executionId, saved.Error);
        var start = AbacoTime.Normalize(outcome.StartTime);
        var finish = AbacoTime.Normalize(outcome.FinishTime < outcome.StartTime ? outcome.StartTime : outcome.FinishTime);
        _entities.Tell(new ExecutionFinished(_start.ActorKey, _start.WorkerId, new ExecutionId(executionId), start, finish,
            (long)(finish - start).TotalSeconds, outcome.CpuNanos, outcome.IoBytes, outcome.ExitCode,
            ToFinalState(outcome.FinalState), outcome.StoppedByAbaco));
        if (!_settings.Workers.LeaveContainers)
            _runtime.RemoveAsync(container.ContainerId, CancellationToken.None).ContinueWith(
                t => _log.Warning("Container {0} could not be removed: {1}", container.ContainerId, t.Exception?.GetBaseException().Message),
                TaskContinuationOptions.OnlyOnFaulted);
        data.Halt?.Dispose();
        data.StopLiveLogs?.Dispose();
        return GoTo(WorkerState.Ready).Using(WorkerData.Idle);
    }

    private State<WorkerState, WorkerData> HaltIfAsked(StopWorker stop, WorkerData data)
    {
        if (stop.Halt) data.Halt?.Cancel();
        return Stay();
    }

    private State<WorkerState, WorkerData> Refuse(RunExecution run)
    {
        // Cannot happen with a well-behaved entity; say so rather than lose the message.
        _entities.Tell(new ExecutionFailedToStart(_start.ActorKey, _start.WorkerId, new ExecutionId(run.Message.ExecutionId),
            "the worker was already busy"));
        return Stay();
    }

    private State<WorkerState, WorkerData> Identify(WorkerData data)
    {
        Sender.Tell(StatusReport(StateName, data.ExecutionId));
        return Stay();
    }

    private void Report(WorkerState state, string? executionId) => _entities.Tell(StatusReport(state, executionId));

    private WorkerStatusReport StatusReport(WorkerState state, string? executionId) => new(_start.ActorKey,
        _start.WorkerId, StatusOf(state), _start.Revision, executionId is null ? null : new ExecutionId(executionId), _settings.Spawner.HostId,
        _settings.Spawner.HostIp, _settings.Docker.Dd);

    /// <summary><c>workers.max_run_time</c> seconds, after which the container is stopped; none when not positive.</summary>
    internal static TimeSpan? MaxRunTime(WorkerSettings workers) =>
        workers.MaxRunTime > 0 ? TimeSpan.FromSeconds(workers.MaxRunTime) : null;

    private static FinalState? ToFinalState(ContainerState? s) => s is null
        ? null
        : new FinalState(s.Status, s.Running, s.Paused, s.Restarting, s.OOMKilled, s.Dead, s.Pid, s.ExitCode, s.Error,
            s.StartedAt, s.FinishedAt);

    // ---------------------------------------------------------------- private messages

    private sealed class Setup : INoSerializationVerificationNeeded
    {
        public static readonly Setup Instance = new();
    }

    private sealed class ImageReady : INoSerializationVerificationNeeded
    {
        public static readonly ImageReady Instance = new();
    }

    private sealed record ImageFailed(string Reason) : INoSerializationVerificationNeeded;

    private sealed class ContainerConfigReady : INoSerializationVerificationNeeded
    {
        public static readonly ContainerConfigReady Instance = new();
    }

    private sealed record Prepared(string ExecutionId, ContainerSpec Spec, ExecutionIpc Ipc, WorkerClientRecord? Client)
        : INoSerializationVerificationNeeded;

    private sealed record ContainerStarted(string ExecutionId, StartedContainer Container) : INoSerializationVerificationNeeded;

    private sealed record ContainerStartFailed(string ExecutionId, string Reason) : INoSerializationVerificationNeeded;

    private sealed record ContainerExited(string ExecutionId, StartedContainer Container, ContainerOutcome Outcome)
        : INoSerializationVerificationNeeded;

    private sealed record LogsSaved(ContainerExited Exited, string? Error) : INoSerializationVerificationNeeded;
}
