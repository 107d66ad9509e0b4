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
        await Soak.RunAsync(profile, options.SoakMinutes, options.Rate, options.SoakContainers, Image, options.SoakPhases);
    return 0;
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
Console.WriteLine($"Abaco benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {machine}");
Console.WriteLine($"{options}\n");
var report = new BenchReport();

// 1. Bare Docker's rate with options.Parallel at a time (the cold phase times bare Docker alternating with Abaco).
using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
var bareDocker = new BareDocker(docker, Image);
using var abacoShaped = new AbacoShapedDocker(docker, Image);
var (bareRate, bareDockerCpu) = (double.NaN, double.NaN);
if (options.Includes("parallel"))
{
    (bareRate, bareDockerCpu) = await bareDocker.ParallelAsync(options.Parallel, options.ParallelTotal);
    report.Row($"| — | bare Docker, {options.Parallel} at a time | {options.ParallelTotal} | | | {bareRate:0.0}/s; " +
               $"dockerd + containerd CPU per container, idle use subtracted: {bareDockerCpu:0} ms |");
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
    var bench = new ProfileBench(profile, new BenchClient(http), report, options, Image, node.ProcessId)
    {
        Cpu = new ProcessCpu(node.ProcessId, servers.Ports),
    };
    // The parallel phase first: its bursts run the container path often enough for the JIT to compile it fully, as in
    // a node that has been running, before the cold phase times one execution at a time (--only cold: a fresh node).
    if (options.Includes("parallel")) await bench.ParallelAsync(bareRate, bareDockerCpu);
    if (options.Includes("cold")) await bench.ColdAsync(bareDocker, abacoShaped.Docker);
    if (options.Includes("accept")) await bench.AcceptAndReadAsync();
    if (profile != options.HeadlineProfile || !options.Includes("warm")) continue;
    var (warmPerSecond, warmAdded) = await WarmBench.RunAsync(profile, http, report.Table, workers: 4, options.WarmMessages, options.WarmRuns,
        node.ProcessId, TimeSpan.FromMilliseconds(options.WarmPollMs));
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
