using System.Diagnostics;
using Abaco.Benchmarks;
using Abaco.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;

// Usage: Abaco.Benchmarks [--runs N] [--messages N] [--concurrency N] [--rate N] [--seconds N] [--executions N]
//                          [--reads N] [--profiles embedded,production] [--cluster on|off]
//        Abaco.Benchmarks --soak [--soak-minutes N] [--rate N] [--soak-containers N] [--profiles P]
var runs = Option("--runs", 20);
var messages = Option("--messages", 2000);
var concurrency = Option("--concurrency", 16);
var rate = Option("--rate", 1000);
var seconds = Option("--seconds", 10);
var minimumExecutions = Option("--executions", 10_000);
var reads = Option("--reads", 5000);
var clusterRun = TextOption("--cluster", "on") == "on";
var profiles = TextOption("--profiles", "embedded,production").Split(',', StringSplitOptions.RemoveEmptyEntries);
const string Image = "abaco/test-busybox";

if (args.Contains("--soak"))
{
    // The long runs: sustained accept and a container workload, each --soak-minutes long (10 for the README).
    foreach (var profile in profiles)
        await Soak.RunAsync(profile, Option("--soak-minutes", 10), rate, Option("--soak-containers", 4), Image);
    return 0;
}

Console.WriteLine($"Abaco benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
                  $"{Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"runs={runs} messages={messages} concurrency={concurrency} rate={rate}/s for {seconds} s " +
                  $"executions>={minimumExecutions} reads={reads} profiles={string.Join(",", profiles)} image={Image}\n");

// 1. Bare Docker: create/start/wait/remove, the floor any container platform stands on.
using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
var bare = new List<TimeSpan>();
for (var i = 0; i < runs + 1; i++)
{
    var watch = Stopwatch.StartNew();
    var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
    {
        Image = Image,
        Env = ["MSG=bench"],
        Labels = new Dictionary<string, string> { ["abaco.bench"] = "true" },
    });
    await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
    await docker.Containers.WaitContainerAsync(created.ID);
    await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
    if (i > 0) bare.Add(watch.Elapsed); // the first run warms caches
}

// 2–5 once per store profile: the embedded SQLite files, and the production PostgreSQL + Redis (private servers
// started here, PostgreSQL with fsync on as in production).
var table = new List<string>
{
    "| profile | measure | n | p50 ms | p99 ms | rate |",
    "|---|---|---|---|---|---|",
};
var bareStats = Stats.Of(bare);
table.Add($"| — | bare Docker create/start/wait/remove | {bareStats.Count} | {bareStats.P50:0} | {bareStats.P99:0} | |");
foreach (var profile in profiles)
{
    await using var servers = await ProfileServers.StartAsync(profile);
    // The test overlay snapshots every 20 events to exercise recovery; measure with the shipped default instead.
    await using var node = await AbacoNode.StartAsync(
        "abaco.logs.level = WARNING\nabaco.store.snapshot_every = 500\n" + await servers.NodeConfigAsync());
    using var http = new HttpClient { BaseAddress = node.BaseUrl };
    var client = new BenchClient(http);
    Console.WriteLine($"[{profile}] node up at {node.BaseUrl}");

    // 2. The same image through Abaco: POST message → execution COMPLETE.
    var actorId = await client.CreateActorAsync(Image);
    var throughAbaco = new List<TimeSpan>();
    for (var i = 0; i < runs + 1; i++)
    {
        var watch = Stopwatch.StartNew();
        var executionId = await client.SendAsync(actorId, $"bench {i}");
        await Eventually.TrueAsync(async () => await client.StatusAsync(actorId, executionId) is "COMPLETE" or "ERROR",
            TimeSpan.FromSeconds(120), "the execution to finish", poll: TimeSpan.FromMilliseconds(5));
        if (i > 0) throughAbaco.Add(watch.Elapsed); // the first run starts the worker
    }
    var abacoStats = Stats.Of(throughAbaco);
    table.Add($"| {profile} | POST message → COMPLETE | {abacoStats.Count} | {abacoStats.P50:0} | {abacoStats.P99:0} | " +
              $"{abacoStats.P50 / bareStats.P50:0.00}× / {abacoStats.P99 / bareStats.P99:0.00}× bare |");

    // 3. Accepting messages as fast as the clients can: an actor whose image does not exist queues everything and
    //    runs nothing, so this measures the durable accept path alone (journal + store).
    var parked = await client.CreateActorAsync("abaco/bench-no-such-image:never");
    await Eventually.TrueAsync(async () => await client.ActorStatusAsync(parked) == "ERROR", TimeSpan.FromSeconds(60), "the parked actor");
    // Warm-up (JIT, connection pools, first journal batches) is not what an operator lives with: leave it out.
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        for (var i = 0; i < 10; i++) await client.SendAsync(parked, "warm-up");
    }));
    var executionIds = new List<string>();
    var (accept, acceptRate) = await Load.ClosedAsync(concurrency, messages, async () =>
    {
        var id = await client.SendAsync(parked, "accept me");
        lock (executionIds) executionIds.Add(id);
    });
    var acceptStats = Stats.Of(accept);
    table.Add($"| {profile} | message accept, {concurrency} clients flat out | {acceptStats.Count} | {acceptStats.P50:0.0} | {acceptStats.P99:0.0} | {acceptRate:0} msgs/s |");

    // 4. Sustained: messages offered at a fixed rate (the goal: p99 ≤ 10 ms at 1,000 msgs/s); latency counts from
    //    the moment each message was due, so a stall shows even when the clients fall behind.
    var (sustained, sustainedRate) = await Load.OpenAsync(rate, TimeSpan.FromSeconds(seconds), async () =>
    {
        var id = await client.SendAsync(parked, "sustained");
        lock (executionIds) executionIds.Add(id);
    });
    var sustainedStats = Stats.Of(sustained);
    table.Add($"| {profile} | message accept offered at {rate}/s for {seconds} s | {sustainedStats.Count} | {sustainedStats.P50:0.0} | {sustainedStats.P99:0.0} | {sustainedRate:0} msgs/s |");

    // 5. Reads with the parked actor's executions stored (at least --executions of them).
    while (executionIds.Count < minimumExecutions)
    {
        var (_, _) = await Load.ClosedAsync(concurrency, minimumExecutions - executionIds.Count, async () =>
        {
            var id = await client.SendAsync(parked, "filler");
            lock (executionIds) executionIds.Add(id);
        });
    }
    var random = new Random(7);
    var (getActor, getActorRate) = await Load.ClosedAsync(concurrency, reads, () => client.GetOkAsync($"/actors/{parked}"));
    var (getExecution, getExecutionRate) = await Load.ClosedAsync(concurrency, reads, () =>
    {
        string id;
        lock (random) id = executionIds[random.Next(executionIds.Count)];
        return client.GetOkAsync($"/actors/{parked}/executions/{id}");
    });
    var actorStats = Stats.Of(getActor);
    var executionStats = Stats.Of(getExecution);
    table.Add($"| {profile} | GET /actors/{{id}} ({executionIds.Count} executions stored) | {actorStats.Count} | {actorStats.P50:0.0} | {actorStats.P99:0.0} | {getActorRate:0} req/s |");
    table.Add($"| {profile} | GET /actors/{{id}}/executions/{{eid}} | {executionStats.Count} | {executionStats.P50:0.0} | {executionStats.P99:0.0} | {getExecutionRate:0} req/s |");

    await http.DeleteAsync($"/actors/{parked}");
    await http.DeleteAsync($"/actors/{actorId}");
}

// 6. The cluster: accept through two api nodes against one node, and the hand-over after a core node dies.
if (clusterRun) await ClusterBench.RunAsync(table, concurrency, messages);

Console.WriteLine();
foreach (var line in table) Console.WriteLine(line);
return 0;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

string TextOption(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
