namespace Abaco.Containers;

/// <summary>
/// Samples a running container's cgroup counters right away and then periodically, keeping the highest
/// value seen: the counters only grow, and the cgroup (with its last values) vanishes as the container exits.
/// </summary>
internal sealed class UsageSampler : IAsyncDisposable
{
    private readonly CgroupUsageReader _reader;
    private readonly string _containerId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _cpuNanos;
    private long _ioBytes;

    private UsageSampler(CgroupUsageReader reader, string containerId, TimeSpan interval)
    {
        _reader = reader;
        _containerId = containerId;
        Sample();
        _loop = Task.Run(() => LoopAsync(interval, _stop.Token));
    }

    public static UsageSampler Start(CgroupUsageReader reader, string containerId, TimeSpan interval) =>
        new(reader, containerId, interval);

    /// <summary>Stops sampling, takes one last sample and returns the maxima (0 when never readable).</summary>
    public async Task<(long CpuNanos, long IoBytes)> StopAsync()
    {
        await StopLoopAsync();
        Sample();
        return (_cpuNanos, _ioBytes);
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        _stop.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _loop;
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Sample()
    {
        var usage = _reader.Read(_containerId);
        _cpuNanos = Math.Max(_cpuNanos, usage.CpuNanos ?? 0);
        _ioBytes = Math.Max(_ioBytes, usage.IoBytes ?? 0);
    }
}
