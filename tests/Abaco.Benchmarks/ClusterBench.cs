using Abaco.Testing;
using Abaco.Testing.Cluster;
using Abaco.Testing.Servers;

namespace Abaco.Benchmarks;

/// <summary>
/// The cluster run of the benchmark: message accept (POST, clients flat out) through two api nodes of a cluster with
/// two core nodes and a spawner node, against one node with every role on the same PostgreSQL and Redis; then the
/// hand-over: how long after a kill -9 of a core node every actor accepts messages again.
/// </summary>
public static class ClusterBench
{
    private const string Parked = "abaco/bench-no-such-image:never";
    private const int Actors = 8;
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(List<string> table, int concurrency, int messages)
    {
        // Logs stay at INFO on every node: the fixture sees a node without the api role join from its log.
        await using (var single = new AbacoNode("abaco.store.snapshot_every = 500",
                         storeConfig: AbacoNode.ProductionStoreConfig(await (await SharedServers.Postgres).CreateDatabaseAsync(),
                             (await SharedServers.Redis).Configuration, RedisServer.UniquePrefix())))
        {
            await single.StartAsync();
            Console.WriteLine($"[cluster] single node up at {single.BaseUrl}");
            table.Add(await AcceptRowAsync("single node, every role", [single.BaseUrl], concurrency, messages));
        }

        await using var cluster = await ClusterFixture.StartAsync(
            [new("core1", "core"), new("core2", "core"), new("api1", "api"), new("api2", "api"), new("spawner", "spawner")],
            "abaco.store.snapshot_every = 500\n" + ClusterTuning.DowningAfter(StableAfter));
        Console.WriteLine($"[cluster] {string.Join(", ", cluster.Nodes)} up");
        var apis = cluster.WithRole("api").Select(n => n.BaseUrl).ToList();
        table.Add(await AcceptRowAsync("cluster: 2 api + 2 core + 1 spawner", apis, concurrency, messages));

        await using var load = await MessageLoad.StartAsync(() => apis, Actors, perSecond: 20, image: Parked);
        await Eventually.TrueAsync(() => Task.FromResult(load.AnsweredAgainAfter(TimeSpan.Zero) is not null),
            TimeSpan.FromSeconds(60), "every actor to accept before the kill");
        var killedAt = load.Now;
        await cluster["core1"].KillAsync();
        await Eventually.TrueAsync(() => Task.FromResult(load.AnsweredAgainAfter(killedAt) is not null),
            TimeSpan.FromSeconds(120), "every actor to accept again after the kill");
        var handOver = load.AnsweredAgainAfter(killedAt)!.Value;
        await load.StopAsync();
        table.Add($"| cluster | hand-over: every actor accepts again after kill -9 of a core node " +
                  $"(stable-after {StableAfter.TotalSeconds:0} s; {load.Failed.Count} requests failed) | {Actors} actors | | | {handOver.TotalSeconds:0.0} s |");
    }

    /// <summary>Messages to parked actors (their image never pulls, so nothing runs) spread over the api nodes.</summary>
    private static async Task<string> AcceptRowAsync(string what, IReadOnlyList<Uri> apis, int concurrency, int messages)
    {
        var https = apis.Select(api => new HttpClient { BaseAddress = api }).ToList();
        try
        {
            var clients = https.Select(http => new BenchClient(http)).ToList();
            var actors = new List<string>();
            for (var i = 0; i < Actors; i++) actors.Add(await clients[0].CreateActorAsync(Parked));
            var next = 0;
            Task Send(string message)
            {
                var n = Interlocked.Increment(ref next);
                return clients[n % clients.Count].SendAsync(actors[n % actors.Count], message);
            }
            await Load.ClosedAsync(concurrency, concurrency * 10, () => Send("warm-up"));
            var (accept, rate) = await Load.ClosedAsync(concurrency, messages, () => Send("accept me"));
            var stats = Stats.Of(accept);
            return $"| {what} | message accept, {concurrency} clients flat out, {apis.Count} api node(s), {Actors} actors | " +
                   $"{stats.Count} | {stats.P50:0.0} | {stats.P99:0.0} | {rate:0} msgs/s |";
        }
        finally
        {
            foreach (var http in https) http.Dispose();
        }
    }
}
