namespace Abaco.Containers;

/// <summary>
/// Samples a running container's cgroup counters right away and then periodically, keeping the highest
/// value seen: the counters only grow, and the cgroup (with its last values) vanishes as the container exits.
/// </summary>
internal sealed class UsageSampler : IAsyncDisposable
{
    private readonly CgroupUsageReader _reader;
    private readonly string _containerId;
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private long _cpuNanos;
    private long _ioBytes;

    private UsageSampler(CgroupUsageReader reader, string containerId, TimeSpan interval)
    {
        _reader = reader;
        _containerId = containerId;
        Sample();
        _timer = new PeriodicTimer(interval);
        _loop = Task.Run(LoopAsync);
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

    public async ValueTask DisposeAsync() => await StopLoopAsync();

    // Disposing the timer ends the loop's wait with false; cancelling the wait threw once per container.
    private async Task StopLoopAsync()
    {
        _timer.Dispose();
        await _loop;
    }

    private async Task LoopAsync()
    {
        while (await _timer.WaitForNextTickAsync())
        {
            Sample();
        }
    }

    private void Sample()
    {
        var usage = _reader.Read(_containerId);
        _cpuNanos = Math.Max(_cpuNanos, usage.CpuNanos ?? 0);
        _ioBytes = Math.Max(_ioBytes, usage.IoBytes ?? 0);
    }
}
