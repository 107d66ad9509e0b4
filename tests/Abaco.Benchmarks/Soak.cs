using System.Diagnostics;
using System.Globalization;
using Abaco.Testing;

namespace Abaco.Benchmarks;

/// <summary>
/// <c>--soak</c>: sustained load on one node for <c>--soak-minutes</c> each. First messages offered to accept at
/// <c>--rate</c>/s (to actors whose image does not exist, so only the durable accept path works; a fresh set of
/// actors takes each minute's messages and the previous set is purged, so queues stay under their cap); then a
/// container workload offered at <c>--soak-containers</c> messages/s (2 by default: the fresh-container
/// ceiling of a 2-core machine is about 2.5/s; a higher rate only measures time spent queued). Prints latency
/// percentiles per minute and the node's memory (resident, peak and GC heap), open files and threads after each
/// minute and at start and end.
/// </summary>
public static class Soak
{
    private const int ActorsPerMinute = 8;
    private const int MaxConnections = 64;

    public static async Task RunAsync(string profile, int minutes, int rate, int containersPerSecond, string image,
        IReadOnlyList<string> phases)
    {
        await using var servers = await ProfileServers.StartAsync(profile);
        await using var node = await AbacoNode.StartAsync(
            "abaco.logs.level = WARNING\nabaco.store.snapshot_every = 500\n" + await servers.NodeConfigAsync());
        // Clients share a bounded pool of connections, as behind a proxy: with one connection per request in
        // flight, a node that falls behind is buried under tens of thousands of sockets.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxConnections })
        {
            BaseAddress = node.BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var client = new BenchClient(http);
        var pid = node.ProcessId ?? throw new InvalidOperationException("the node is not running");
        async Task<string> Sample()
        {
            if (node.ProcessId is null)
                throw new InvalidOperationException($"the node died under the soak: {node.Output[^Math.Min(2000, node.Output.Length)..]}");
            return $"{ProcessSample.Of(pid)}, GC heap {await GcHeapMiBAsync(http)} MiB";
        }
        Console.WriteLine($"[soak {profile}] node up at {node.BaseUrl}; at start: {await Sample()}");

        var lines = new List<string> { "| phase | minute | offered | done | failed | p50 ms | p99 ms | max ms | node after the minute |", "|---|---|---|---|---|---|---|---|---|" };
        var previous = new List<string>();
        for (var minute = 1; phases.Contains("accept") && minute <= minutes; minute++)
        {
            var actors = await ParkedActorsAsync(client);
            var (latencies, failed) = await OfferAsync(rate, () => client.SendAsync(actors[Random.Shared.Next(actors.Count)], "soak"));
            lines.Add(Report(Row("accept", minute, rate * 60, latencies, failed, await Sample())));
            foreach (var old in previous) await http.DeleteAsync($"/actors/{old}/messages");
            previous = actors;
        }
        foreach (var old in previous) await http.DeleteAsync($"/actors/{old}/messages");

        var runners = new List<string>();
        for (var i = 0; i < containersPerSecond; i++) runners.Add(await client.CreateActorAsync(image));
        for (var minute = 1; phases.Contains("containers") && minute <= minutes; minute++)
        {
            var (latencies, failed) = await OfferAsync(containersPerSecond, () => RunToEndAsync(client, runners));
            lines.Add(Report(Row("containers", minute, containersPerSecond * 60, latencies, failed, await Sample())));
        }
        foreach (var runner in runners) await http.DeleteAsync($"/actors/{runner}");

        Console.WriteLine($"[soak {profile}] at end: {await Sample()}");
        foreach (var line in lines) Console.WriteLine(line);
    }

    /// <summary>Actors that accept everything and run nothing (their image does not exist).</summary>
    private static async Task<List<string>> ParkedActorsAsync(BenchClient client)
    {
        var actors = new List<string>();
        for (var i = 0; i < ActorsPerMinute; i++) actors.Add(await client.CreateActorAsync("abaco/bench-no-such-image:never"));
        return actors;
    }

    /// <summary>POST a message and wait until its execution is COMPLETE or ERROR.</summary>
    private static async Task RunToEndAsync(BenchClient client, List<string> runners)
    {
        var actor = runners[Random.Shared.Next(runners.Count)];
        var execution = await client.SendAsync(actor, "soak");
        await Eventually.TrueAsync(async () => await client.StatusAsync(actor, execution) is "COMPLETE" or "ERROR",
            TimeSpan.FromMinutes(5), "a soak execution to end", poll: TimeSpan.FromMilliseconds(50));
    }

    /// <summary>One minute of calls offered at <paramref name="perSecond"/>; the latencies of those that succeeded.</summary>
    private static async Task<(List<TimeSpan> Latencies, int Failed)> OfferAsync(int perSecond, Func<Task> call)
    {
        var failed = 0;
        var (latencies, _) = await Load.OpenAsync(perSecond, TimeSpan.FromMinutes(1), async () =>
        {
            try { await call(); }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException
                                          or TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        return (latencies, failed);
    }

    /// <summary>Prints a minute's row as soon as it is known (a 10-minute run shows progress), and returns it.</summary>
    private static string Report(string row)
    {
        Console.WriteLine(row);
        return row;
    }

    /// <summary>The node's managed heap after its last GC, from its <c>/metrics</c>; "?" when it cannot be read.</summary>
    private static async Task<string> GcHeapMiBAsync(HttpClient http)
    {
        const string Gauge = "abaco_node_gc_heap_bytes ";
        try
        {
            var line = (await http.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(Gauge, StringComparison.Ordinal));
            return line is null ? "?" : ((long)double.Parse(line[Gauge.Length..], CultureInfo.InvariantCulture) / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "?";
        }
    }

    private static string Row(string phase, int minute, int offered, List<TimeSpan> latencies, int failed,
        string sample)
    {
        var stats = Stats.Of(latencies);
        return $"| {phase} | {minute} | {offered} | {stats.Count - failed} | {failed} | {stats.P50:0.0} | " +
               $"{stats.P99:0.0} | {stats.Percentile(100):0.0} | {sample} |";
    }
}
