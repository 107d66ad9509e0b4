using System.Diagnostics;

namespace Abaco.Benchmarks;

/// <summary>Two ways to load the API: clients flat out (closed loop) and requests offered at a fixed rate (open loop).</summary>
public static class Load
{
    /// <summary><paramref name="total"/> calls by <paramref name="clients"/> concurrent clients; latencies and calls/s.</summary>
    public static async Task<(List<TimeSpan> Latencies, double Rate)> ClosedAsync(int clients, int total, Func<Task> call)
    {
        var latencies = new List<TimeSpan>(total);
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                var one = Stopwatch.StartNew();
                await call();
                lock (latencies) latencies.Add(one.Elapsed);
            }
        }));
        return (latencies, latencies.Count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Calls offered at <paramref name="perSecond"/> for <paramref name="duration"/>, each timed from when it was due
    /// (so queueing behind a stall counts); latencies and the rate actually completed. When given,
    /// <paramref name="completedAt"/> receives when each call ended, from the start of the run.
    /// </summary>
    public static async Task<(List<TimeSpan> Latencies, double Rate)> OpenAsync(int perSecond, TimeSpan duration, Func<Task> call,
        List<TimeSpan>? completedAt = null)
    {
        var latencies = new List<TimeSpan>();
        var inFlight = new List<Task>();
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var count = (int)(duration.TotalSeconds * perSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait); // pacing of the offered load
            inFlight.Add(Task.Run(async () =>
            {
                await call();
                var now = clock.Elapsed;
                lock (latencies)
                {
                    latencies.Add(now - due);
                    completedAt?.Add(now);
                }
            }));
        }
        await Task.WhenAll(inFlight);
        return (latencies, latencies.Count / clock.Elapsed.TotalSeconds);
    }
}
