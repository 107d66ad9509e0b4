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
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);   // CancelAfter's upper bound
    private static readonly TimeSpan MaxWaitRetryDelay = TimeSpan.FromSeconds(1);
    private const int MaxErrorAnswers = 5;

    /// <summary>How the wait for the exit went.</summary>
    /// <param name="ExitCode">From Docker's wait; null when it could not tell.</param>
    /// <param name="Stopped">Abaco stopped the container (halt or time limit).</param>
    /// <param name="Resumed">
    /// Set when the connection to the daemon broke: when the wait was last taken up again (or given up). A container
    /// that ended before then may have ended with the daemon, not by itself.
    /// </param>
    private readonly record struct WaitedRun(long? ExitCode, bool Stopped, DateTime? Resumed);

    public async Task<ContainerOutcome> WaitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt)
    {
        ArgumentNullException.ThrowIfNull(container);
        var id = container.ContainerId;
        (long CpuNanos, long IoBytes) usage;
        WaitedRun run;
        await using (var sampler = UsageSampler.Start(_cgroups, id, _options.UsageSampleInterval))
        {
            run = await WaitForExitAsync(container, maxRunTime, halt);
            usage = await sampler.StopAsync();
        }
        var (logs, state, daemonAway) = await ReadFinalAsync(id);
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
        return new ContainerOutcome(exitCode, container.StartTime, finishTime, logs, usage.CpuNanos, usage.IoBytes, state,
            run.Stopped, DaemonLost(run, state, daemonAway));
    }

    /// <summary>
    /// The logs and state of a stopped container. A daemon that cannot be reached right after the exit is going away
    /// (a daemon stopping stops its containers first): both are read again once it is back, and that is reported.
    /// </summary>
    private async Task<(string Logs, FinalState? State, bool DaemonAway)> ReadFinalAsync(string id)
    {
        // Two independent reads of a stopped container: one round trip instead of two.
        var logsRead = ReadLogsAsync(id);
        var inspected = InspectStateAsync(id);
        var (logs, state) = (await logsRead, await inspected);
        if (state is not null || await AnswersAsync()) return (logs, state, false);
        await WaitForDaemonAsync();
        logsRead = ReadLogsAsync(id);
        inspected = InspectStateAsync(id);
        var (again, stateAgain) = (await logsRead, await inspected);
        return (again.Length >= logs.Length ? again : logs, stateAgain, true);
    }

    private async Task<bool> AnswersAsync()
    {
        using var cts = new CancellationTokenSource(_options.StartTimeout);
        try
        {
            await _client.System.PingAsync(cts.Token);
            return true;
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            return false;
        }
    }

    /// <summary>Until the daemon answers again, at most <see cref="DockerRuntimeOptions.DaemonAwayLimit"/>.</summary>
    private async Task WaitForDaemonAsync(CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + _options.DaemonAwayLimit;
        while (DateTime.UtcNow < deadline && !await AnswersAsync())
        {
            await Task.Delay(RetryDelay, ct);
        }
    }

    /// <summary>
    /// Why the run's end is the daemon's doing: the daemon could not be reached right after the exit, or the
    /// connection to it broke and the container ended before the wait was taken up again (a daemon stopping stops its
    /// containers, unless live-restore keeps them), or its end is unknown. A container that ran on after the daemon
    /// came back (live-restore) ended by itself: null.
    /// </summary>
    private string? DaemonLost(WaitedRun run, FinalState? state, bool awayAtExit)
    {
        if (run.Stopped) return null;
        if (!awayAtExit)
        {
            if (run.Resumed is not { } resumed) return null;
            if (state is { Running: false, FinishedAt: { } finished } && finished > resumed) return null;
        }
        var how = state is { Running: false }
            ? $"the container was stopped with it (exit code {state.ExitCode})"
            : "the container's end is unknown";
        return $"The Docker daemon at {_options.Endpoint} went away while the execution ran (it stopped, restarted or " +
               $"could not be reached); {how}.";
    }

    private async Task<WaitedRun> WaitForExitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(halt);
        // Non-positive limits mean "no limit", as upstream's max_run_time does.
        if (maxRunTime is { } max && max > TimeSpan.Zero)
        {
            var left = max - (DateTime.UtcNow - container.StartTime);
            limit.CancelAfter(left < TimeSpan.Zero ? TimeSpan.Zero : left > MaxTimer ? MaxTimer : left);
        }
        // failing: since when waits fail (bounds the retries); broke: whether the daemon could not be reached (an
        // error it answered with says nothing of the container's end).
        DateTime? failing = null;
        var broke = false;
        for (var failures = 1; ; failures++)
        {
            var resumed = DateTime.UtcNow;
            DateTime? Unwatched() => broke ? resumed : null;
            try
            {
                var response = await _client.Containers.WaitContainerAsync(container.ContainerId, limit.Token);
                return new WaitedRun(response.StatusCode, false, Unwatched());
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                await StopAsync(container.ContainerId);
                return new WaitedRun(null, true, Unwatched());
            }
            catch (Exception e) when (DockerErrors.IsNotFound(e))
            {
                return new WaitedRun(null, false, Unwatched());
            }
            catch (Exception e) when (DockerErrors.IsDockerFailure(e))
            {
                // The connection to the daemon broke: it may be restarting. Wait again rather than give up on a
                // running container, for as long as the daemon may stay away (an error it answers with: a few times).
                failing ??= DateTime.UtcNow;
                var unreachable = DockerErrors.IsTransport(e);
                broke |= unreachable;
                if (DateTime.UtcNow - failing > _options.DaemonAwayLimit || (!unreachable && failures >= MaxErrorAnswers))
                    return new WaitedRun(null, false, Unwatched());
            }
            try
            {
                var delay = RetryDelay * failures;
                await Task.Delay(delay < MaxWaitRetryDelay ? delay : MaxWaitRetryDelay, limit.Token);
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
