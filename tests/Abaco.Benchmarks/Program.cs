using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Abaco.Benchmarks;
using Abaco.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;

// Usage: Abaco.Benchmarks [--runs N] [--messages N] [--concurrency N]
var runs = Option("--runs", 20);
var messages = Option("--messages", 2000);
var concurrency = Option("--concurrency", 16);
const string Image = "abaco/test-busybox";

Console.WriteLine($"Abaco benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
                  $"{Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"runs={runs} messages={messages} concurrency={concurrency} image={Image}\n");

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

// 2. The same image through Abaco: POST message → execution COMPLETE, on one node with embedded stores.
// The test overlay snapshots every 20 events to exercise recovery; measure with the shipped default instead.
await using var node = await AbacoNode.StartAsync("abaco.logs.level = WARNING\nabaco.store.snapshot_every = 500");
using var http = new HttpClient { BaseAddress = node.BaseUrl };
var actorId = await CreateActorAsync(Image);
var throughAbaco = new List<TimeSpan>();
for (var i = 0; i < runs + 1; i++)
{
    var watch = Stopwatch.StartNew();
    var executionId = await SendAsync(actorId, $"bench {i}");
    await Eventually.TrueAsync(async () => await StatusAsync(actorId, executionId) is "COMPLETE" or "ERROR",
        TimeSpan.FromSeconds(120), "the execution to finish", poll: TimeSpan.FromMilliseconds(5));
    if (i > 0) throughAbaco.Add(watch.Elapsed); // the first run starts the worker
}

// 3. Accepting messages: an actor whose image does not exist queues everything and runs nothing, so this measures
//    the durable accept path alone (journal + store), under concurrent clients.
var parked = await CreateActorAsync("abaco/bench-no-such-image:never");
await Eventually.TrueAsync(async () => await ActorStatusAsync(parked) == "ERROR", TimeSpan.FromSeconds(60), "the parked actor");
// Warm-up (JIT, connection pools, first journal batches) is not what an operator lives with: leave it out.
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    for (var i = 0; i < 10; i++) await SendAsync(parked, "warm-up");
}));
var accept = new List<TimeSpan>();
var next = 0;
var total = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (Interlocked.Increment(ref next) <= messages)
    {
        var watch = Stopwatch.StartNew();
        await SendAsync(parked, "accept me");
        lock (accept) accept.Add(watch.Elapsed);
    }
}));
total.Stop();
await http.DeleteAsync($"/actors/{parked}");
await http.DeleteAsync($"/actors/{actorId}");

var bareStats = Stats.Of(bare);
var abacoStats = Stats.Of(throughAbaco);
var acceptStats = Stats.Of(accept);
Console.WriteLine("| measure | n | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| bare Docker create/start/wait/remove | {bareStats.Count} | {bareStats.P50:0} | {bareStats.P99:0} |");
Console.WriteLine($"| Abaco POST message → COMPLETE | {abacoStats.Count} | {abacoStats.P50:0} | {abacoStats.P99:0} |");
Console.WriteLine($"| ratio Abaco / bare Docker | | {abacoStats.P50 / bareStats.P50:0.00} | {abacoStats.P99 / bareStats.P99:0.00} |");
Console.WriteLine($"| message accept ({concurrency} concurrent clients) | {acceptStats.Count} | {acceptStats.P50:0.0} | {acceptStats.P99:0.0} |");
Console.WriteLine($"\naccept throughput: {acceptStats.Count / total.Elapsed.TotalSeconds:0} msgs/s; accept p90 " +
                  $"{acceptStats.Percentile(90):0.0} ms, p95 {acceptStats.Percentile(95):0.0} ms, max {acceptStats.Percentile(100):0.0} ms");
return 0;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

async Task<string> CreateActorAsync(string image)
{
    using var response = await http.PostAsJsonAsync("/actors", new Dictionary<string, object> { ["image"] = image });
    return (await Result(response)).GetProperty("id").GetString()!;
}

async Task<string> SendAsync(string actor, string message)
{
    using var response = await http.PostAsync($"/actors/{actor}/messages",
        new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = message }));
    return (await Result(response)).GetProperty("execution_id").GetString()!;
}

async Task<string?> StatusAsync(string actor, string executionId)
{
    using var response = await http.GetAsync($"/actors/{actor}/executions/{executionId}");
    return (await Result(response)).GetProperty("status").GetString();
}

async Task<string?> ActorStatusAsync(string actor)
{
    using var response = await http.GetAsync($"/actors/{actor}");
    return (await Result(response)).GetProperty("status").GetString();
}

static async Task<JsonElement> Result(HttpResponseMessage response)
{
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    return JsonDocument.Parse(body).RootElement.GetProperty("result").Clone();
}
