using System.Globalization;
using Abaco.Core.Executions;
using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>
/// The end of a run: waiting for the exit (stopping the container at its time limit or when halted), then its
/// logs, final state and resource use.
/// </summary>
public sealed partial class DockerContainerRuntime
{
    // A broken connection while waiting is retried this many times before the run is reported as unknown.
    private const int MaxWaitFailures = 5;
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);   // CancelAfter's upper bound

    public async Task<ContainerOutcome> WaitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt)
    {
        ArgumentNullException.ThrowIfNull(container);
        var id = container.ContainerId;
        (long CpuNanos, long IoBytes) usage;
        (long? ExitCode, bool Stopped) run;
        await using (var sampler = UsageSampler.Start(_cgroups, id, _options.UsageSampleInterval))
        {
            run = await WaitForExitAsync(container, maxRunTime, halt);
            usage = await sampler.StopAsync();
        }
        // Two independent reads of a stopped container: one round trip instead of two.
        var logsRead = ReadLogsAsync(id);
        var inspected = InspectStateAsync(id);
        var logs = await logsRead;
        var state = await inspected;
        // A kill by the kernel's OOM killer (137) may be recorded by Docker a moment after the exit: look again
        // briefly, so final_state tells users their container ran out of memory.
        for (var look = 0; look < 5 && state is { ExitCode: 137, OOMKilled: false } && !run.Stopped; look++)
        {
            await Task.Delay(200);
            state = await InspectStateAsync(id) ?? state;
        }

        var exitCode = run.ExitCode ?? (state is { Running: false } ? state.ExitCode : null);
        var finishTime = state?.FinishedAt ?? DateTime.UtcNow;
        if (finishTime < container.StartTime)
        {
            finishTime = container.StartTime;
        }
        return new ContainerOutcome(exitCode, container.StartTime, finishTime, logs, usage.CpuNanos, usage.IoBytes, state, run.Stopped);
    }

    private async Task<(long? ExitCode, bool Stopped)> WaitForExitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(halt);
        // Non-positive limits mean "no limit", as upstream's max_run_time does.
        if (maxRunTime is { } max && max > TimeSpan.Zero)
        {
            var left = max - (DateTime.UtcNow - container.StartTime);
            limit.CancelAfter(left < TimeSpan.Zero ? TimeSpan.Zero : left > MaxTimer ? MaxTimer : left);
        }
        for (var failures = 1; ; failures++)
        {
            try
            {
                var response = await _client.Containers.WaitContainerAsync(container.ContainerId, limit.Token);
                return (response.StatusCode, false);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                await StopAsync(container.ContainerId);
                return (null, true);
            }
            catch (Exception e) when (DockerErrors.IsNotFound(e))
            {
                return (null, false);
            }
            catch (Exception e) when (DockerErrors.IsDockerFailure(e) && failures < MaxWaitFailures)
            {
                // The connection to the daemon broke; wait again rather than give up on a running container.
            }
            catch (Exception e) when (DockerErrors.IsDockerFailure(e))
            {
                return (null, false);
            }
            try
            {
                await Task.Delay(RetryDelay * failures, limit.Token);
            }
            catch (OperationCanceledException)
            {
                // the next wait sees the cancellation and stops the container
            }
        }
    }

    // docker stop: SIGTERM, then SIGKILL after the grace period; kill directly if stop itself fails.
    private async Task StopAsync(string containerId)
    {
        var grace = _options.StopGracePeriod;
        using var cts = new CancellationTokenSource(grace + _options.RemoveTimeout);
        try
        {
            var seconds = (uint)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
            await _client.Containers.StopContainerAsync(
                containerId, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cts.Token);
        }
        catch (Exception e) when (DockerErrors.IsNotFound(e))
        {
            // gone already
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            await KillQuietlyAsync(containerId);
        }
    }

    private async Task KillQuietlyAsync(string containerId)
    {
        using var cts = new CancellationTokenSource(_options.RemoveTimeout);
        try
        {
            await _client.Containers.KillContainerAsync(containerId, new ContainerKillParameters(), cts.Token);
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            // the final inspect tells what state it was left in
        }
    }

    private async Task<FinalState?> InspectStateAsync(string containerId)
    {
        using var cts = new CancellationTokenSource(_options.StartTimeout);
        try
        {
            var inspected = await _client.Containers.InspectContainerAsync(containerId, cts.Token);
            return inspected.State is { } s
                ? new FinalState(s.Status ?? "", s.Running, s.Paused, s.Restarting, s.OOMKilled, s.Dead, s.Pid,
                    s.ExitCode, s.Error ?? "", ParseDockerTime(s.StartedAt), ParseDockerTime(s.FinishedAt))
                : null;
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            return null;
        }
    }

    /// <summary>Docker's RFC 3339 times (nanoseconds allowed) as UTC; its zero time "0001-01-01..." means unknown.</summary>
    internal static DateTime? ParseDockerTime(string? text)
    {
        if (string.IsNullOrEmpty(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || parsed.Year <= 1)
        {
            return null;
        }
        return parsed.UtcDateTime;
    }
}
