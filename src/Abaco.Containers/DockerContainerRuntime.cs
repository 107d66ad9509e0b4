using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>
/// <see cref="IContainerRuntime"/> on a Docker daemon through Docker.DotNet. One client per instance;
/// every call is bounded by a timeout from <see cref="DockerRuntimeOptions"/> and by the caller's token.
/// </summary>
public sealed class DockerContainerRuntime : IContainerRuntime, IDisposable
{
    // A broken connection while waiting is retried this many times before the run is reported as unknown.
    private const int MaxWaitFailures = 5;
    private const int MaxRemoveAttempts = 10;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);   // CancelAfter's upper bound

    private readonly DockerRuntimeOptions _options;
    private readonly DockerClient _client;
    private readonly CgroupUsageReader _cgroups;

    public DockerContainerRuntime(DockerRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _client = new DockerClientBuilder().WithEndpoint(new Uri(options.Endpoint)).Build();
        _cgroups = new CgroupUsageReader(options.CgroupRoot);
    }

    public async Task EnsureImageAsync(string image, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (await ImageExistsAsync(image, ct))
        {
            return;
        }
        await PullAsync(image, ct);
        if (!await ImageExistsAsync(image, ct))
        {
            throw new ImageUnavailableException(image, "the pull finished but the image is still not there");
        }
    }

    public async Task<StartedContainer> StartAsync(ContainerSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Validate(spec);
        ct.ThrowIfCancellationRequested();
        using var timeout = new CancellationTokenSource(_options.StartTimeout);
        string? containerId = null;
        var createSent = false;
        try
        {
            // The caller's token is not given to create: a create abandoned mid-flight still lands at the
            // daemon, after our cleanup, as an orphan. It takes ~0.1 s; cancellation is honoured right after.
            timeout.Token.ThrowIfCancellationRequested();
            createSent = true;
            var created = await _client.Containers.CreateContainerAsync(ToCreateParameters(spec), timeout.Token);
            containerId = created.ID;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            linked.Token.ThrowIfCancellationRequested();
            var startTime = DateTime.UtcNow;
            await _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), linked.Token);
            return new StartedContainer(containerId, spec.Name, startTime);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException || DockerErrors.IsTransport(e))
        {
            if (containerId is not null)
            {
                await RemoveQuietlyAsync(containerId);
            }
            else if (createSent && e is not DockerApiException)
            {
                // The create's outcome is unknown (a daemon error would mean nothing was created, and the
                // name may belong to another container): remove by name, and look again once it had time to land.
                await RemoveQuietlyAsync(spec.Name);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                await RemoveQuietlyAsync(spec.Name);
            }
            if (e is OperationCanceledException && ct.IsCancellationRequested)
            {
                throw;
            }
            var phase = containerId is null ? "create" : "start";
            var reason = e is DockerApiException api ? DockerErrors.Reason(api) : Describe(e, _options.StartTimeout);
            throw new ContainerStartException(spec.Name, $"Could not {phase} container '{spec.Name}' from image '{spec.Image}': {reason}", e);
        }
    }

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

    public async Task RemoveAsync(string containerId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        try
        {
            await BoundedAsync(_options.RemoveTimeout, ct, async token =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await _client.Containers.RemoveContainerAsync(
                            containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token);
                        return true;
                    }
                    catch (Exception e) when (DockerErrors.IsNotFound(e))
                    {
                        return true;
                    }
                    catch (Exception e) when (DockerErrors.IsTransientRemoveFailure(e) && attempt < MaxRemoveAttempts)
                    {
                        // busy or already being removed: try again shortly
                    }
                    await Task.Delay(RetryDelay * attempt, token);
                }
            }, (reason, e) => new ContainerRuntimeException($"Could not remove container {Short(containerId)}: {reason}", e));
        }
        catch (DockerApiException e)
        {
            throw new ContainerRuntimeException($"Could not remove container {Short(containerId)}: {DockerErrors.Reason(e)}", e);
        }
    }

    public async Task<IReadOnlyList<ManagedContainer>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var parameters = new ContainersListParameters { All = true };
        if (labels.Count > 0)
        {
            parameters.Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(kv => $"{kv.Key}={kv.Value}", _ => true),
            };
        }
        try
        {
            var found = await BoundedAsync(_options.StartTimeout, ct,
                token => _client.Containers.ListContainersAsync(parameters, token),
                (reason, e) => new ContainerRuntimeException($"Could not list containers: {reason}", e));
            return found
                .Select(c => new ManagedContainer(
                    c.ID,
                    c.Names?.FirstOrDefault()?.TrimStart('/') ?? "",
                    c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels),
                    c.State ?? ""))
                .ToList();
        }
        catch (DockerApiException e)
        {
            throw new ContainerRuntimeException($"Could not list containers: {DockerErrors.Reason(e)}", e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        try
        {
            await BoundedAsync(_options.StartTimeout, ct,
                token => _client.Images.InspectImageAsync(image, token),
                (reason, e) => new ContainerRuntimeException($"Could not inspect image '{image}': {reason}", e));
            return true;
        }
        catch (Exception e) when (DockerErrors.IsNotFound(e))
        {
            return false;
        }
        catch (DockerApiException e)
        {
            // e.g. an invalid reference: pulling would not help either
            throw new ImageUnavailableException(image, DockerErrors.Reason(e), e);
        }
    }

    private async Task PullAsync(string image, CancellationToken ct)
    {
        var (repository, tag) = ImageReference.Split(image);
        var progress = new PullProgress();
        try
        {
            await BoundedAsync(_options.PullTimeout, ct, async token =>
            {
                await _client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = repository, Tag = tag }, new AuthConfig(), progress, token);
                return true;
            }, (reason, e) => new ImageUnavailableException(image, reason, e));
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Reason(e), e);
        }
        if (progress.Error is { } error)
        {
            throw new ImageUnavailableException(image, error);
        }
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

    public async Task FollowLogsAsync(string containerId, Func<string, Task> onLogs, TimeSpan interval, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onLogs);
        var collected = new MemoryStream();
        var gate = new object();
        var grew = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        async Task FlushLoopAsync()
        {
            // Batches a chatty container's output into one store write per interval.
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                string? text = null;
                lock (gate)
                {
                    if (grew) text = Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
                    grew = false;
                }
                if (text is not null) await onLogs(text);
            }
        }

        var flushing = FlushLoopAsync();
        try
        {
            using var stream = await _client.Containers.GetContainerLogsAsync(
                containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = true }, stop.Token);
            var buffer = new byte[16384];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, stop.Token);
                if (read.EOF) break;
                lock (gate)
                {
                    if (collected.Length >= _options.MaxLogBytes) continue;
                    collected.Write(buffer, 0, (int)Math.Min(read.Count, _options.MaxLogBytes - collected.Length));
                    grew = true;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException || DockerErrors.IsDockerFailure(e))
        {
            // best effort: the final read after exit has the whole logs
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await flushing;
            }
            catch (Exception)
            {
                // a failing store write only costs a live update
            }
        }
    }

    // One read of the finished container's logs; the non-TTY stream is demultiplexed in written order.
    private async Task<string> ReadLogsAsync(string containerId)
    {
        using var cts = new CancellationTokenSource(_options.LogsTimeout);
        using var collected = new MemoryStream();
        try
        {
            using var stream = await _client.Containers.GetContainerLogsAsync(
                containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false }, cts.Token);
            var buffer = new byte[81920];
            while (collected.Length < _options.MaxLogBytes)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cts.Token);
                if (read.EOF)
                {
                    break;
                }
                collected.Write(buffer, 0, (int)Math.Min(read.Count, _options.MaxLogBytes - collected.Length));
            }
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            // keep whatever was read: logs are best effort, the outcome must still be reported
        }
        return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
    }

    private async Task<ContainerState?> InspectStateAsync(string containerId)
    {
        using var cts = new CancellationTokenSource(_options.StartTimeout);
        try
        {
            var inspected = await _client.Containers.InspectContainerAsync(containerId, cts.Token);
            return inspected.State is { } s
                ? new ContainerState(s.Status ?? "", s.Running, s.Paused, s.Restarting, s.OOMKilled, s.Dead, s.Pid,
                    s.ExitCode, s.Error ?? "", ParseDockerTime(s.StartedAt), ParseDockerTime(s.FinishedAt))
                : null;
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            return null;
        }
    }

    private async Task RemoveQuietlyAsync(string containerIdOrName)
    {
        try
        {
            await RemoveAsync(containerIdOrName, CancellationToken.None);
        }
        catch (ContainerRuntimeException)
        {
            // best effort after a failed start; the label-based janitor catches what is left
        }
    }

    /// <summary>
    /// Runs one Docker call bounded by <paramref name="timeout"/>. Running out of time or losing the daemon
    /// becomes the exception made by <paramref name="fail"/>; the caller's own cancellation stays an
    /// OperationCanceledException (shutdown is not a failure); daemon errors pass through for the caller to word.
    /// </summary>
    private async Task<T> BoundedAsync<T>(TimeSpan timeout, CancellationToken ct, Func<CancellationToken, Task<T>> call,
        Func<string, Exception, ContainerRuntimeException> fail)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            cts.Token.ThrowIfCancellationRequested();   // the client may send a request despite a cancelled token
            return await call(cts.Token);
        }
        catch (Exception e) when ((e is OperationCanceledException && !ct.IsCancellationRequested) || DockerErrors.IsTransport(e))
        {
            throw fail(Describe(e, timeout), e);
        }
    }

    /// <summary>Words for a call that ran out of time or could not reach the daemon.</summary>
    private string Describe(Exception e, TimeSpan timeout) => e is OperationCanceledException
        ? $"Docker did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
        : $"the Docker daemon at {_options.Endpoint} is unreachable ({e.Message})";

    // Binds are "host:container:mode", and a relative host path would silently become a named volume.
    private static void Validate(ContainerSpec spec)
    {
        foreach (var mount in spec.Mounts)
        {
            if (!mount.HostPath.StartsWith('/') || !mount.ContainerPath.StartsWith('/'))
            {
                throw new ContainerStartException(spec.Name,
                    $"Could not create container '{spec.Name}': mount '{mount.HostPath}' -> '{mount.ContainerPath}' needs absolute paths on both sides");
            }
            if (mount.HostPath.Contains(':') || mount.ContainerPath.Contains(':'))
            {
                throw new ContainerStartException(spec.Name,
                    $"Could not create container '{spec.Name}': mount '{mount.HostPath}' -> '{mount.ContainerPath}' contains ':'");
            }
        }
    }

    private static CreateContainerParameters ToCreateParameters(ContainerSpec spec)
    {
        var parameters = new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = new Dictionary<string, string>(spec.Labels),
            User = spec.User ?? "",                 // "" = the image's user
            HostConfig = new HostConfig
            {
                Binds = spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}").ToList(),
                Memory = spec.MemoryBytes ?? 0,     // 0 = unlimited
                NanoCPUs = spec.NanoCpus ?? 0,
                Privileged = spec.Privileged,
                NetworkMode = spec.Network ?? "",   // "" = the daemon's default network
                PidsLimit = spec.PidsLimit,
            },
        };
        if (spec.NoNewPrivileges)
        {
            parameters.HostConfig.SecurityOpt = ["no-new-privileges"];
        }
        if (spec.LogMaxSize is { } size)
        {
            // json-file, so the logs stay readable through the API whatever the daemon's default driver is.
            parameters.HostConfig.LogConfig = new LogConfig
            {
                Type = "json-file",
                Config = new Dictionary<string, string>
                {
                    ["max-size"] = size,
                    ["max-file"] = spec.LogMaxFile.ToString(CultureInfo.InvariantCulture),
                },
            };
        }
        if (spec.Command is not null)
        {
            parameters.Cmd = spec.Command.ToList();
        }
        return parameters;
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

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
