using System.Diagnostics;
using Abaco.Containers;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Logs;
using Abaco.Core.Telemetry;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using Abaco.Metrics;
using Akka.Actor;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;
using WorkerClientRecord = Abaco.Core.Workers.WorkerClientRecord;

namespace Abaco.Runtime.Workers;

/// <summary>
/// One execution, while the worker is busy: prepare (configs, token, IPC), start the container, follow its logs,
/// wait for it, store the final logs, report, and go back to READY.
/// </summary>
public sealed partial class WorkerActor
{
    // The spans of the execution in hand (null when nothing listens): its whole run here, and its container's run.
    private Activity? _executionSpan;
    private Activity? _containerSpan;
    private readonly WarmStepClock _warmSteps = new();

    private State<WorkerState, WorkerData> Run(RunExecution run)
    {
        var executionId = run.Message.ExecutionId;
        ForgetFinishReport(); // the entity that hands over the next execution has the last one's report
        _executionSpan = AbacoTracing.Start("abaco.worker.execution", run.Message.TraceParent, executionId, _start.ActorKey.DbId);
        _executionSpan?.SetTag(AbacoTracing.WorkerIdTag, _start.WorkerId.Value);
        run = run with { Message = run.Message.Carrying(_executionSpan) }; // the container's TRACEPARENT
        var halt = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        if (IsWarm(run.Actor.Definition)) _warmSteps.Received();
        PrepareAsync(run, _client).PipeTo(Self,
            success: prepared => prepared,
            failure: e => new ContainerStartFailed(executionId, e.GetBaseException().Message));
        return GoTo(WorkerState.Busy).Using(new WorkerData(executionId, halt, LogEx: run.Actor.Definition.LogEx,
            Warm: IsWarm(run.Actor.Definition)));
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
        run = run with { Message = await StoredMessageText.InlineAsync(run.Message, _services.Stores.Bodies, _lifetime.Token) };
        var ipc = await ExecutionIpc.OpenAsync(_services, _start.WorkerId.Value, run.Message, OnResult(executionId),
            e => _log.Warning("Results or binary message of execution {0} were lost: {1}", executionId, e.Message),
            IsWarm(run.Actor.Definition) ? _services.SocketDirectory : null);
        try
        {
            var spec = ContainerSpecs.For(run, _start.WorkerId.Value, _settings, configs,
                (ipc.ResultsSocketPath, ipc.BinaryFifoPath), accessToken);
            // The binary message (streamed from the body store) fills the pipe before the container starts.
            await ipc.StartWritingMessageAsync(_services.Stores.Bodies);
            ObserveAcceptToStart(run.Message);
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
        if (data.Warm)
        {
            _warmSteps.Prepared();
            return StartWarm(prepared, data);
        }
        var executionId = prepared.ExecutionId;
        _client = prepared.Client;
        AbacoTracing.Within(_executionSpan, () => _runtime.StartAsync(prepared.Spec, _lifetime.Token)).PipeTo(Self,
            success: container => new ContainerStarted(executionId, container),
            failure: e => new ContainerStartFailed(executionId, e.GetBaseException().Message));
        return Stay().Using(data with { Ipc = prepared.Ipc });
    }

    private State<WorkerState, WorkerData> Halt(HaltContainer halt, WorkerData data)
    {
        if (halt.ExecutionId.Value == data.ExecutionId) data.Halt?.Cancel();
        return Stay();
    }

    private State<WorkerState, WorkerData> Watch(ContainerStarted started)
    {
        var halt = StateData.Halt?.Token ?? CancellationToken.None;
        var executionId = started.ExecutionId;
        var container = started.Container;
        StartContainerSpan(executionId, container.ContainerId);
        var stopLiveLogs = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var liveLogs = _runtime.FollowLogsAsync(container.ContainerId, LiveLogWriter(executionId, StateData.LogEx),
            _timings.LiveLogsInterval, stopLiveLogs.Token);
        _runtime.WaitAsync(container, MaxRunTime(_settings.Workers), halt).PipeTo(Self,
            success: outcome => new ContainerExited(executionId, container, outcome),
            failure: e => new ContainerExited(executionId, container, new ContainerOutcome(null, container.StartTime,
                DateTime.UtcNow, $"Abaco lost track of the container: {e.GetBaseException().Message}", 0, 0, null, false)));
        // After the wait is asked for: the entity's journal and record writes need not go before it.
        _entities.Tell(new ExecutionStarted(_start.ActorKey, _start.WorkerId, new ExecutionId(executionId),
            container.StartTime, container.ContainerId));
        return Stay().Using(StateData with { LiveLogs = liveLogs, StopLiveLogs = stopLiveLogs });
    }

    private void StartContainerSpan(string executionId, string containerId)
    {
        _containerSpan = AbacoTracing.Start("abaco.container.run", _executionSpan?.Id, executionId, _start.ActorKey.DbId);
        _containerSpan?.SetTag("abaco.container_id", containerId);
    }

    /// <summary>
    /// Logs are readable while the execution runs (original-abaco.md §1.4 #12); the read after exit is the final word.
    /// Each write is kept for the actor's log TTL from the moment it is written, and truncated like the final logs.
    /// </summary>
    private Func<string, Task> LiveLogWriter(string executionId, int? logEx)
    {
        var (logs, dbId, tenant, clock, web, log) =
            (_logs, _start.ActorKey.DbId, _start.ActorKey.Tenant, _services.Clock, _settings.Web, _log);
        return async text =>
        {
            try
            {
                await logs.SetAsync(executionId, dbId, tenant, LogTruncation.Apply(text, web.MaxLogLength),
                    LogRetention.ExpiresAt(clock.GetUtcNow().UtcDateTime, logEx, web));
            }
            catch (Exception e)
            {
                // The follower stops at a failed write; the final logs are still written after the exit.
                log.Warning("Live logs of execution {0} could not be stored: {1}", executionId, e.Message);
                throw;
            }
        };
    }

    private State<WorkerState, WorkerData> StartFailed(ContainerStartFailed failed, WorkerData data)
    {
        _entities.Tell(new ExecutionFailedToStart(_start.ActorKey, _start.WorkerId, new ExecutionId(failed.ExecutionId), failed.Reason));
        _executionSpan.Fail(failed.Reason);
        _executionSpan = null;
        _warmSteps.Reset();
        data.Halt?.Dispose();
        if (data.Ipc is { } ipc)
            CleanUpInBackground(ipc.CloseAsync(), $"Cleaning up after execution {failed.ExecutionId}");
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
        var outcome = exited.Outcome;
        _containerSpan?.SetTag("abaco.exit_code", outcome.ExitCode);
        _containerSpan?.Dispose();
        _containerSpan = null;
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
        // The results socket is closed by now, so it has delivered everything: the budget's count is final.
        if (data.Ipc?.Budget is { Dropped: > 0 } budget)
            _log.Warning("Execution {0} sent more results than allowed ({1} results / {2} bytes): {3} dropped",
                executionId, budget.MaxResults, budget.MaxBytes, budget.Dropped);
        var start = AbacoTime.Normalize(outcome.StartTime);
        var finish = AbacoTime.Normalize(outcome.FinishTime < outcome.StartTime ? outcome.StartTime : outcome.FinishTime);
        // An execution ends ERROR with a reason when what ran it went away: the Docker daemon, or the warm container
        // it ran in (its logs so far are stored).
        var lost = saved.Exited.Broken is { } broken
            ? $"The warm container broke while the execution ran: {broken}"
            : outcome.DaemonLost;
        AbacoMetrics.ContainerOperations.WithLabels("run").Observe((finish - start).TotalSeconds);
        if (saved.Exited.Warm is { } warm) _warmSteps.Reporting(warm.Requested, warm.Outcome);
        else _warmSteps.Reset();
        ReportFinished(new ExecutionFinished(_start.ActorKey, _start.WorkerId, new ExecutionId(executionId), start, finish,
            (long)(finish - start).TotalSeconds, outcome.CpuNanos, outcome.IoBytes, outcome.ExitCode,
            outcome.FinalState, outcome.StoppedByAbaco, lost));
        if (lost is not null) _executionSpan.Fail(lost);
        else _executionSpan?.Dispose();
        _executionSpan = null;
        if (data.Warm)
            SettleWarm(saved.Exited);
        else if (!_settings.Workers.LeaveContainers)
            CleanUpInBackground(_runtime.RemoveAsync(container.ContainerId, CancellationToken.None),
                $"Removing container {container.ContainerId}");
        data.Halt?.Dispose();
        data.StopLiveLogs?.Dispose();
        return GoTo(WorkerState.Ready).Using(WorkerData.Idle);
    }

    private State<WorkerState, WorkerData> HaltIfAsked(StopWorker stop, WorkerData data)
    {
        if (stop.Halt) data.Halt?.Cancel();
        return Stay();
    }

    /// <summary><c>workers.max_run_time</c> seconds, after which the container is stopped; none when not positive.</summary>
    internal static TimeSpan? MaxRunTime(WorkerSettings workers) =>
        workers.MaxRunTime > 0 ? TimeSpan.FromSeconds(workers.MaxRunTime) : null;
}
