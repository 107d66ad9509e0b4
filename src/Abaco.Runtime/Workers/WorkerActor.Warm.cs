using Abaco.Containers;
using Abaco.Containers.Warm;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Telemetry;
using Akka.Actor;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Workers;

/// <summary>
/// Warm execution (docs/warm-execution.md): for an actor with the hint <c>warm</c> the worker keeps one container
/// between messages, whose entrypoint is the runner, and asks the runner to run each execution as a process of its
/// own, with that execution's environment, log file, results socket, FIFO, exit code and usage.
/// </summary>
public sealed partial class WorkerActor
{
    public const string WarmHint = "warm";

    // docker stop's grace, which a cold execution gets too: SIGTERM, then SIGKILL after this.
    private static readonly TimeSpan WarmStopGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RunnerStartTimeout = TimeSpan.FromSeconds(10);

    // The warm container while it is believed to work; null before the first execution and after one broke.
    private WarmContainer? _warm;
    // The removal of the last broken container: its replacement has the same name, so it is made only after this.
    private Task _warmRemoval = Task.CompletedTask;

    public static bool IsWarm(ActorDefinition definition) =>
        definition.Hints.Contains(WarmHint, StringComparer.OrdinalIgnoreCase);

    private sealed record WarmStart(string ExecutionId, WarmContainer? Container, WarmExecution? Execution,
        string LogPath, long? OomKillsBefore, string? Failure) : INoSerializationVerificationNeeded;

    private State<WorkerState, WorkerData> StartWarm(Prepared prepared, WorkerData data)
    {
        _client = prepared.Client;
        var executionId = prepared.ExecutionId;
        AbacoTracing.Within(_executionSpan, () => StartWarmAsync(prepared, _warm, _warmRemoval, _lifetime.Token)).PipeTo(Self,
            success: started => started,
            failure: e => new WarmStart(executionId, null, null, "", null, e.GetBaseException().Message));
        return Stay().Using(data with { Ipc = prepared.Ipc });
    }

    /// <summary>Makes the container when there is none (or it runs another image), then asks its runner to start.</summary>
    private async Task<WarmStart> StartWarmAsync(Prepared prepared, WarmContainer? container, Task removal,
        CancellationToken ct)
    {
        // Its failure is logged where it was started; a container still in the way then fails the create, with the reason.
        await removal.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var executionId = prepared.ExecutionId;
        var warm = (IWarmContainers)_runtime;
        if (container is not null && container.Image != prepared.Spec.Image)
        {
            await RemoveWarmAsync(container);
            container = null;
        }
        try
        {
            container ??= await CreateWarmContainerAsync(prepared.Spec, warm, ct);
        }
        catch (WarmExecutionRefusedException e)
        {
            return new WarmStart(executionId, null, null, "", null, e.Message);
        }
        var logPath = Path.Combine(container.IpcDirectory, executionId + ".log");
        var ipc = prepared.Ipc;
        var request = new WarmRequest(container.Command, prepared.Spec.Environment, WarmContainerSpecs.InContainer(logPath),
            WarmContainerSpecs.InContainer(ipc.ResultsSocketPath),
            ipc.BinaryFifoPath is { } fifo ? WarmContainerSpecs.InContainer(fifo) : null, WarmStopGrace);
        var oomKills = warm.OomKills(container.ContainerId);
        try
        {
            var execution = await WarmExecution.StartAsync(container.RunnerSocket, request, ct);
            return new WarmStart(executionId, container, execution, logPath, oomKills, null);
        }
        catch (WarmExecutionRefusedException e)
        {
            File.Delete(logPath);
            return new WarmStart(executionId, container, null, logPath, null,
                $"the command {string.Join(' ', container.Command)} of image {container.Image} cannot run as a warm execution: {e.Message}");
        }
        catch (WarmContainerBrokenException e)
        {
            await RemoveWarmAsync(container);
            return new WarmStart(executionId, null, null, logPath, null, $"the warm container broke: {e.Message}");
        }
    }

    private async Task<WarmContainer> CreateWarmContainerAsync(ContainerSpec execution, IWarmContainers warm, CancellationToken ct)
    {
        var command = await warm.ImageCommandAsync(execution.Image, ct);
        if (command.Count == 0)
            throw new WarmExecutionRefusedException(
                $"image {execution.Image} has no ENTRYPOINT or CMD, so there is nothing to run per execution");
        var runner = await WarmRunnerBinary.InstallAsync(_settings, ct);
        var ipcDirectory = Path.Combine(_services.SocketDirectory, _start.WorkerId.Value);
        Directory.CreateDirectory(ipcDirectory);
        // The runner, as the image's user, makes its socket and the execution logs here; sticky, as /tmp is.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ipcDirectory, UnixFileMode.StickyBit | (UnixFileMode)0b111_111_111);
        var socket = Path.Combine(ipcDirectory, WarmContainerSpecs.RunnerSocketName);
        File.Delete(socket);
        var spec = WarmContainerSpecs.From(execution, _start.ActorKey.DbId, _start.WorkerId.Value, runner, ipcDirectory);
        var started = await _runtime.StartAsync(spec, ct);
        var container = new WarmContainer(started.ContainerId, started.Name, execution.Image, command, ipcDirectory, socket);
        if (!await WaitForRunnerAsync(socket, ct))
        {
            var state = await warm.StateAsync(started.ContainerId);
            await RemoveWarmAsync(container);
            throw new WarmContainerBrokenException(state is { Running: false }
                ? $"the runner exited with {state.ExitCode} before it listened ({state.Error})"
                : $"the runner did not listen within {RunnerStartTimeout.TotalSeconds} s");
        }
        return container;
    }

    /// <summary>The runner binds its socket first thing; a fresh container needs milliseconds.</summary>
    private static async Task<bool> WaitForRunnerAsync(string socket, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + RunnerStartTimeout;
        while (!File.Exists(socket))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(5), ct);
        }
        return true;
    }

    private State<WorkerState, WorkerData> WatchWarm(WarmStart start, WorkerData data)
    {
        _warm = start.Container;
        if (start is not { Execution: { } execution, Container: { } container })
            return StartFailed(new ContainerStartFailed(start.ExecutionId, start.Failure ?? "the warm execution did not start"), data);
        var executionId = start.ExecutionId;
        StartContainerSpan(executionId, container.ContainerId);
        _entities.Tell(new ExecutionStarted(_start.ActorKey, _start.WorkerId, new ExecutionId(executionId),
            execution.StartTime, container.ContainerId));
        var stopLiveLogs = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var liveLogs = WarmLogFile.FollowAsync(start.LogPath, LiveLogWriter(executionId, data.LogEx),
            _timings.LiveLogsInterval, stopLiveLogs.Token);
        WaitWarmAsync(start, container, execution, data.Halt?.Token ?? CancellationToken.None).PipeTo(Self,
            success: exited => exited,
            failure: e => new ContainerExited(executionId, new StartedContainer(container.ContainerId, container.Name,
                execution.StartTime), new ContainerOutcome(null, execution.StartTime, DateTime.UtcNow, "", 0, 0, null, false))
            {
                Broken = e.GetBaseException().Message,
            });
        return Stay().Using(data with { LiveLogs = liveLogs, StopLiveLogs = stopLiveLogs });
    }

    private async Task<ContainerExited> WaitWarmAsync(WarmStart start, WarmContainer container, WarmExecution execution,
        CancellationToken halt)
    {
        var warm = (IWarmContainers)_runtime;
        var started = new StartedContainer(container.ContainerId, container.Name, execution.StartTime);
        await using (execution)
        {
            try
            {
                var ended = await execution.WaitAsync(MaxRunTime(_settings.Workers), halt);
                // The kernel killed the process (137) and the container's OOM count went up: it ran out of memory.
                var oomKilled = ended.ExitCode == 137 && start.OomKillsBefore is { } before &&
                                warm.OomKills(container.ContainerId) is { } after && after > before;
                var state = new FinalState("exited", false, false, false, oomKilled, false, execution.Pid, ended.ExitCode, "",
                    execution.StartTime, ended.FinishTime);
                return new ContainerExited(start.ExecutionId, started, new ContainerOutcome(ended.ExitCode, execution.StartTime,
                    ended.FinishTime, await WarmLogFile.ReadAsync(start.LogPath), ended.CpuNanos, ended.IoBytes, state,
                    ended.StoppedByAbaco)) { Warm = (execution.Requested, ended) };
            }
            catch (WarmContainerBrokenException e)
            {
                var state = await warm.StateAsync(container.ContainerId);
                var reason = state switch
                {
                    { OOMKilled: true } => "the warm container ran out of memory and was killed",
                    { Running: false } => $"the warm container stopped (exit code {state.ExitCode})",
                    _ => e.Message,
                };
                return new ContainerExited(start.ExecutionId, started, new ContainerOutcome(null, execution.StartTime,
                    DateTime.UtcNow, await WarmLogFile.ReadAsync(start.LogPath), 0, 0, state, false)) { Broken = reason };
            }
            finally
            {
                File.Delete(start.LogPath);
            }
        }
    }

    /// <summary>A warm execution ended: kept container, or (when it broke) the execution ends ERROR and it is replaced.</summary>
    private void SettleWarm(ContainerExited exited)
    {
        if (exited.Broken is null || _warm is not { } container) return;
        _warm = null;
        _warmRemoval = RemoveWarmAsync(container);
        CleanUpInBackground(_warmRemoval, $"Removing the broken warm container {container.Name}");
    }

    private Task RemoveWarmAsync(WarmContainer container) =>
        _runtime.RemoveAsync(container.ContainerId, CancellationToken.None);
}
