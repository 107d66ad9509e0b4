using Abaco.Benchmarks;
using Abaco.Testing;
using Docker.DotNet;

// Every figure beside its baseline from the same run; the table is printed and written, with the headline figures
// and plots, under artifacts/bench/ (BenchOptions.Usage lists the knobs).
if (args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
var options = BenchOptions.Parse(args);
const string Image = "abaco/test-busybox";

if (args.Contains("--soak"))
{
    // The long runs: sustained accept and a container workload, each --soak-minutes long (10 for the README).
    foreach (var profile in options.Profiles)
        await Soak.RunAsync(profile, options.SoakMinutes, options.Rate, options.SoakContainers, Image);
    return 0;
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
Console.WriteLine($"Abaco benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {machine}");
Console.WriteLine($"{options}\n");
var report = new BenchReport();

// 1. Bare Docker: the floor, one at a time and options.Parallel at a time (only for the measures compared with it).
using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
var bare = Stats.Of([]);
var shaped = Stats.Of([]);
var bareRate = double.NaN;
if (options.Includes("cold") || options.Includes("parallel"))
{
    var bareDocker = new BareDocker(docker, Image);
    var barePhases = await bareDocker.SequentialAsync(options.Runs);
    bare = Stats.Of(barePhases.Total);
    bareRate = await bareDocker.ParallelAsync(options.Parallel, options.ParallelTotal);
    report.Distributions["bare Docker create/start/wait/remove"] = bare;
    report.Row($"| — | bare Docker create/start/wait/remove | {bare.Count} | {bare.P50:0} | {bare.P99:0} | |");
    var (bareBefore, bareAfter) = (Stats.Of(barePhases.BeforeStart), Stats.Of(barePhases.AfterExit));
    report.Row($"| — | … create, until start is asked for | {bareBefore.Count} | {bareBefore.P50:0} | {bareBefore.P99:0} | |");
    report.Row($"| — | … exit (Docker's FinishedAt) → wait and remove returned | {bareAfter.Count} | {bareAfter.P50:0} | {bareAfter.P99:0} | |");
    report.Row($"| — | bare Docker, {options.Parallel} at a time | {options.ParallelTotal} | | | {bareRate:0.0}/s |");
}
if (options.Includes("cold"))
{
    // The same, with each container made exactly as Abaco makes one: Docker's cost of Abaco's container options.
    using var abacoShaped = new AbacoShapedDocker(docker, Image);
    var shapedPhases = await abacoShaped.Docker.SequentialAsync(options.Runs);
    shaped = Stats.Of(shapedPhases.Total);
    var (shapedBefore, shapedAfter) = (Stats.Of(shapedPhases.BeforeStart), Stats.Of(shapedPhases.AfterExit));
    report.Row($"| — | bare Docker, container made as Abaco makes it (mounts, labels, limits, environment) | {shaped.Count} | " +
               $"{shaped.P50:0} | {shaped.P99:0} | {shaped.P50 / bare.P50:0.00}× bare |");
    report.Row($"| — | … create, until start is asked for | {shapedBefore.Count} | {shapedBefore.P50:0} | {shapedBefore.P99:0} | |");
    report.Row($"| — | … exit (Docker's FinishedAt) → wait and remove returned | {shapedAfter.Count} | {shapedAfter.P50:0} | {shapedAfter.P99:0} | |");
}

// 2. Once per store profile: the embedded SQLite files, and the production PostgreSQL + Redis (private servers
//    started here, PostgreSQL with fsync on as in production).
foreach (var profile in options.Profiles)
{
    await using var servers = await ProfileServers.StartAsync(profile);
    // The test overlay snapshots every 20 events to exercise recovery; measure with the shipped default instead.
    // The accept runs queue well over the default 10,000 messages on one parked actor.
    await using var node = await AbacoNode.StartAsync(
        "abaco.logs.level = WARNING\nabaco.store.snapshot_every = 500\nabaco.web.max_queued_messages_per_actor = 1000000\n" +
        await servers.NodeConfigAsync());
    using var http = new HttpClient { BaseAddress = node.BaseUrl };
    Console.WriteLine($"[{profile}] node up at {node.BaseUrl}");
    var bench = new ProfileBench(profile, new BenchClient(http), report, options, Image);
    if (options.Includes("cold")) await bench.ColdAsync(bare, shaped);
    if (options.Includes("parallel")) await bench.ParallelAsync(bareRate);
    if (options.Includes("accept")) await bench.AcceptAndReadAsync();
    if (profile != options.HeadlineProfile || !options.Includes("warm")) continue;
    var (warmPerSecond, warmAdded) = await WarmBench.RunAsync(profile, http, report.Table, workers: 4, options.WarmMessages, options.Runs,
        node.ProcessId);
    report.Figure("warm_exec_per_s", warmPerSecond);
    report.Figure("warm_added_p50_ms", warmAdded);
}

// 3. The cluster: accept through two api nodes against one node, and the hand-over after a core node dies.
if (options.Cluster) await ClusterBench.RunAsync(report.Table, options.Concurrency, options.Messages);

Console.WriteLine();
foreach (var line in report.Table) Console.WriteLine(line);
Console.WriteLine();
foreach (var key in BenchReport.HeadlineKeys) Console.WriteLine($"{key} = {report[key]?.ToString() ?? "not measured"}");
foreach (var path in await report.WriteAsync(options.Output, machine)) Console.WriteLine($"wrote {path}");
return 0;
