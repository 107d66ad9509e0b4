using System.Diagnostics;
using Abaco.Testing;

namespace Abaco.Benchmarks;

/// <summary>
/// The single-node measures for one store profile, each beside its baseline from the same run: the cold path
/// (POST → COMPLETE, logs readable after COMPLETE), parallel fresh containers, durable accept, and reads.
/// </summary>
/// <param name="nodePid">The node's process, whose CPU time and memory the accept phase reports; null when unknown.</param>
public sealed class ProfileBench(string profile, BenchClient client, BenchReport report, BenchOptions options, string image,
    int? nodePid = null)
{
    private const string Parked = "abaco/bench-no-such-image:never";
    private static readonly TimeSpan ExecutionDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    private bool Headline => profile == options.HeadlineProfile;

    /// <summary>The node's and the store servers' CPU time, charged per container in the parallel phase.</summary>
    public ProcessCpu? Cpu { get; init; }

    /// <summary>
    /// One message at a time through a fresh container: POST → COMPLETE, then until its logs are readable. Each run
    /// follows one bare Docker container and one made as Abaco makes it (<see cref="AbacoShapedDocker"/>), so the
    /// three are compared within the same minutes on a machine whose load moves.
    /// </summary>
    public async Task ColdAsync(BareDocker bareDocker, BareDocker shapedDocker)
    {
        var actorId = await client.CreateActorAsync(image);
        var completes = new List<TimeSpan>();
        var logsReady = new List<TimeSpan>();
        var abacoPhases = BareDocker.Phases.Empty();
        var cpuPerRun = new List<TimeSpan>();
        var (barePhases, shapedPhases) = (BareDocker.Phases.Empty(), BareDocker.Phases.Empty());
        for (var i = 0; i <= options.Runs; i++)
        {
            var message = $"bench {i}";
            var (bareRun, shapedRun) = (await bareDocker.TimedRunAsync(message), await shapedDocker.TimedRunAsync(message));
            if (i > 0)
            {
                barePhases.Add(bareRun);
                shapedPhases.Add(shapedRun);
            }
            var cpuBefore = Cpu?.Node();
            var posted = DateTime.UtcNow;
            var watch = Stopwatch.StartNew();
            var executionId = await client.SendAsync(actorId, message);
            await WaitFinishedAsync(actorId, executionId);
            var completed = watch.Elapsed;
            var nodeCpu = Cpu?.Node() - cpuBefore;
            await Eventually.TrueAsync(async () => (await client.LogsAsync(actorId, executionId)).Contains(message),
                ExecutionDeadline, $"the logs of execution {executionId}", poll: Poll);
            if (i == 0) continue; // the first run starts the worker
            completes.Add(completed);
            if (nodeCpu is { } used) cpuPerRun.Add(used);
            logsReady.Add(watch.Elapsed - completed);
            abacoPhases.Add(Split(await client.ExecutionAsync(actorId, executionId), posted, completed));
        }
        var (bare, shaped) = (BaselineRows("bare Docker create/start/wait/remove", barePhases),
            BaselineRows("bare Docker, container made as Abaco makes it (mounts, labels, limits, environment)", shapedPhases));
        report.Distributions[$"{profile}: bare Docker create/start/wait/remove"] = bare;
        var stats = Stats.Of(completes);
        var logs = Stats.Of(logsReady);
        report.Distributions[$"{profile}: POST → COMPLETE"] = stats;
        report.Row($"| {profile} | POST message → COMPLETE, fresh container | {stats.Count} | {stats.P50:0} | {stats.P99:0} | " +
                   $"{stats.P50 / bare.P50:0.00}× / {stats.P99 / bare.P99:0.00}× bare; {stats.P50 / shaped.P50:0.00}× Abaco-shaped |");
        PhaseRows(abacoPhases, "POST, until start is asked for", "exit (Docker's FinishedAt) → COMPLETE seen");
        if (cpuPerRun.Count > 0)
            report.Row($"| {profile} | … the node's CPU time from POST until COMPLETE seen (the client's polls included) | " +
                       $"{cpuPerRun.Count} | {Stats.Of(cpuPerRun).P50:0} | {Stats.Of(cpuPerRun).P99:0} | |");
        report.Row($"| {profile} | logs readable after COMPLETE is seen | {logs.Count} | {logs.P50:0.0} | {logs.P99:0.0} | |");
        if (Headline)
        {
            report.Figure("cold_ratio_p50", stats.P50 / bare.P50);
            report.Figure("cold_shaped_ratio_p50", stats.P50 / shaped.P50);
            report.Figure("logs_ready_p99_ms", logs.P99);
        }
        await client.DeleteAsync(actorId);
    }

    private Stats BaselineRows(string name, BareDocker.Phases phases)
    {
        var total = Stats.Of(phases.Total);
        report.Row($"| {profile} | {name}, alternating with Abaco's runs | {total.Count} | {total.P50:0} | {total.P99:0} | |");
        PhaseRows(phases, "create, until start is asked for", "exit (Docker's FinishedAt) → wait and remove returned");
        return total;
    }

    /// <summary>The rows of one measure's phases, split at the moments Docker recorded for its container.</summary>
    private void PhaseRows(BareDocker.Phases phases, string beforeStart, string afterExit)
    {
        void Row(string name, List<TimeSpan> times)
        {
            var stats = Stats.Of(times);
            report.Row($"| {profile} | … {name} | {stats.Count} | {stats.P50:0} | {stats.P99:0} | |");
        }
        Row(beforeStart, phases.BeforeStart);
        Row("start asked for → Docker's StartedAt", phases.StartToStarted);
        Row("StartedAt → FinishedAt (the container's process)", phases.Running);
        Row(afterExit, phases.AfterExit);
    }

    /// <summary>
    /// An execution's POST → COMPLETE split at its record: start_time (the worker, just before it asks Docker to start),
    /// final_state's StartedAt, and finish_time (Docker's FinishedAt); all on the same host clock.
    /// </summary>
    private static BareDocker.TimedRun Split(System.Text.Json.JsonElement execution, DateTime posted, TimeSpan completed)
    {
        var (asked, finished) = (Time(execution, "start_time"), Time(execution, "finish_time"));
        var started = Time(execution.GetProperty("final_state"), "StartedAt");
        return new BareDocker.TimedRun(completed, asked - posted, started - asked, finished - started,
            posted + completed - finished);
    }

    /// <summary>
    /// Fresh containers in parallel: one actor per concurrent stream, one worker each, every message posted at once;
    /// containers per second from the first POST until the last execution finished, with the CPU time the node, the
    /// store servers and Docker's daemons spent per container meanwhile. The burst runs twice: a node just started
    /// compiles its code for its first tens of seconds (the JIT took 9 s of the first 25 s in a run of 2026-12-07),
    /// which the first burst pays and a running node does not; the second is the measure, the first is reported apart.
    /// </summary>
    /// <param name="bareDockerCpu">What Docker's daemons spent per container of the bare Docker baseline, in ms.</param>
    public async Task ParallelAsync(double bareRate, double bareDockerCpu)
    {
        var actors = new List<string>();
        for (var i = 0; i < options.Parallel; i++) actors.Add(await client.CreateActorAsync(image, maxWorkers: 1));
        foreach (var actor in actors) await WaitFinishedAsync(actor, await client.SendAsync(actor, "warm-up"));
        // The idle use is measured after the first burst, once the node has settled: right after the start it compiles
        // while idle too (260 ms/s 5 s after a first burst of 40, at load 20).
        var first = await BurstAsync(actors, "first burst");
        await SettleAsync();
        var idle = await IdleCpuPerSecondAsync();
        var (rate, cpu) = CpuNote(await BurstAsync(actors, "parallel"), idle, bareDockerCpu);
        var (firstRate, firstCpu) = CpuNote(first, idle, bareDockerCpu);
        report.Row($"| {profile} | fresh containers, {options.Parallel} at a time ({options.ParallelTotal}) | {options.ParallelTotal} | | | " +
                   $"{rate:0.0}/s = {rate / bareRate:0.00}× bare{cpu} |");
        report.Row($"| {profile} | … the same burst right after the node started (its code still being compiled) | " +
                   $"{options.ParallelTotal} | | | {firstRate:0.0}/s = {firstRate / bareRate:0.00}× bare{firstCpu} |");
        if (Headline) report.Figure("parallel_ratio", rate / bareRate);
        foreach (var actor in actors) await client.DeleteAsync(actor);
    }

    /// <summary>One burst of the parallel phase: how many containers, how long, and the CPU counters around it.</summary>
    private sealed record Burst(int Containers, TimeSpan Elapsed,
        (TimeSpan Node, TimeSpan Servers, TimeSpan Docker)? Before, (TimeSpan Node, TimeSpan Servers, TimeSpan Docker)? After);

    private async Task<Burst> BurstAsync(List<string> actors, string message)
    {
        var perActor = Math.Max(1, options.ParallelTotal / options.Parallel);
        var cpuBefore = Cpu?.Now();
        var watch = Stopwatch.StartNew();
        var sent = await Task.WhenAll(actors.SelectMany(actor => Enumerable.Range(0, perActor)
            .Select(async i => (actor, execution: await client.SendAsync(actor, $"{message} {i}")))));
        // Each actor's single worker runs its executions in order: waiting for the last one is waiting for all (checked
        // after the clock stops). Polling each execution in turn every 50 ms made 80 GETs/s, a third of the node's CPU
        // once its code was compiled; one GET per actor every 200 ms moves the end seen by at most 200 ms.
        await Task.WhenAll(sent.GroupBy(s => s.actor).Select(stream =>
            WaitFinishedAsync(stream.Key, stream.Last().execution, TimeSpan.FromMilliseconds(200))));
        var elapsed = watch.Elapsed;
        var cpuAfter = Cpu?.Now();
        foreach (var (actor, execution) in sent) await WaitFinishedAsync(actor, execution);
        return new Burst(sent.Length, elapsed, cpuBefore, cpuAfter);
    }

    /// <summary>A burst's containers per second, and its CPU per container as the row's note.</summary>
    private static (double Rate, string Cpu) CpuNote(Burst burst, (TimeSpan Node, TimeSpan Servers, TimeSpan Docker) idle,
        double bareDockerCpu)
    {
        var rate = burst.Containers / burst.Elapsed.TotalSeconds;
        if (burst.After is not { } after || burst.Before is not { } before) return (rate, "");
        // What the processes burn idle (timers, heartbeats) over the burst's length is not the containers' cost.
        double PerContainer(TimeSpan used, TimeSpan idlePerSecond) =>
            (used - idlePerSecond * burst.Elapsed.TotalSeconds).TotalMilliseconds / burst.Containers;
        return (rate, $"; CPU per container, idle use subtracted: node {PerContainer(after.Node - before.Node, idle.Node):0} ms, " +
                      $"store servers {PerContainer(after.Servers - before.Servers, idle.Servers):0} ms, " +
                      $"dockerd + containerd {PerContainer(after.Docker - before.Docker, idle.Docker):0} ms " +
                      $"(bare Docker's: {bareDockerCpu:0} ms; idle: node {idle.Node.TotalMilliseconds:0} ms/s, " +
                      $"servers {idle.Servers.TotalMilliseconds:0} ms/s, Docker {idle.Docker.TotalMilliseconds:0} ms/s)");
    }

    /// <summary>Until the node uses under 100 ms of CPU in a second with nothing to do, at most 60 s.</summary>
    private async Task SettleAsync()
    {
        if (Cpu is null) return;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var before = Cpu.Node();
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (Cpu.Node() - before < TimeSpan.FromMilliseconds(100)) return;
        }
    }

    /// <summary>The node's, the store servers' and Docker's daemons' CPU time per second while nothing runs (5 s).</summary>
    private async Task<(TimeSpan Node, TimeSpan Servers, TimeSpan Docker)> IdleCpuPerSecondAsync()
    {
        if (Cpu is null) return default;
        var (before, watch) = (Cpu.Now(), Stopwatch.StartNew());
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = Cpu.Now();
        var seconds = watch.Elapsed.TotalSeconds;
        return ((after.Node - before.Node) / seconds, (after.Servers - before.Servers) / seconds,
            (after.Docker - before.Docker) / seconds);
    }

    /// <summary>
    /// Durable accept to an actor whose image never pulls (it queues everything and runs nothing): clients flat out,
    /// then offered at a fixed rate, latency counted from when each message was due. Then reads with at least
    /// <see cref="BenchOptions.MinimumExecutions"/> executions stored.
    /// </summary>
    public async Task AcceptAndReadAsync()
    {
        var parked = await client.CreateActorAsync(Parked);
        await Eventually.TrueAsync(async () => await client.ActorStatusAsync(parked) == "ERROR", TimeSpan.FromSeconds(60), "the parked actor");
        var executionIds = new List<string>();
        async Task Send(string message)
        {
            var id = await client.SendAsync(parked, message);
            lock (executionIds) executionIds.Add(id);
        }
        // Warm-up (JIT, connection pools, first journal batches) is not what an operator lives with: leave it out.
        await Load.ClosedAsync(options.Concurrency, options.Concurrency * 10, () => Send("warm-up"));

        var (flatOutCpu, flatOutGc, flatOutClock) = (ProcessCpu.Of(nodePid), await NodeGcAsync(), Stopwatch.StartNew());
        var (flatOut, flatOutRate) = await Load.ClosedAsync(options.Concurrency, options.Messages, () => Send("accept me"));
        var flatOutStats = Stats.Of(flatOut);
        report.Row($"| {profile} | message accept, {options.Concurrency} clients flat out | {flatOutStats.Count} | " +
                   $"{flatOutStats.P50:0.0} | {flatOutStats.P99:0.0} | {flatOutRate:0} msgs/s{NodeCost(flatOutCpu, flatOut.Count)}" +
                   $"{(await NodeGcAsync()).Since(flatOutGc, flatOutClock.Elapsed)} |");

        var completions = new List<TimeSpan>();
        var (sustainedCpu, load) = (ProcessCpu.Of(nodePid), ProcessCpu.LoadAverage());
        var (sustainedGc, sustainedClock) = (await NodeGcAsync(), Stopwatch.StartNew());
        var (machineBefore, benchBefore) = (ProcessCpu.Machine(), ProcessCpu.Of(Environment.ProcessId));
        var (sustained, sustainedRate) = await Load.OpenAsync(options.Rate, TimeSpan.FromSeconds(options.Seconds),
            () => Send("sustained"), completions);
        var sustainedStats = Stats.Of(sustained);
        report.Distributions[$"{profile}: accept at {options.Rate}/s"] = sustainedStats;
        report.Completions[$"{profile}: offered {options.Rate}/s"] = completions;
        report.Row($"| {profile} | message accept offered at {options.Rate}/s for {options.Seconds} s | {sustainedStats.Count} | " +
                   $"{sustainedStats.P50:0.0} | {sustainedStats.P99:0.0} | {sustainedRate:0} msgs/s{NodeCost(sustainedCpu, sustained.Count)}" +
                   $"{(await NodeGcAsync()).Since(sustainedGc, sustainedClock.Elapsed)}" +
                   $"{MachineShare(machineBefore, benchBefore, sustained.Count)} |");
        Console.WriteLine($"[{profile}] accept at {options.Rate}/s: load average {load} before, {ProcessCpu.LoadAverage()} after" +
                          (nodePid is { } pid ? $"; node {ProcessSample.Of(pid)}" : ""));
        if (Headline)
        {
            report.Figure("accept_p50_ms", sustainedStats.P50);
            report.Figure("accept_p99_ms", sustainedStats.P99);
        }

        while (executionIds.Count < options.MinimumExecutions)
            await Load.ClosedAsync(options.Concurrency, options.MinimumExecutions - executionIds.Count, () => Send("filler"));
        await ReadsAsync(parked, executionIds);
        await client.DeleteAsync(parked);
    }

    private async Task<NodeGc> NodeGcAsync() => NodeGc.Parse(await client.MetricsAsync());

    /// <summary>
    /// How full the machine's cores were since <paramref name="machine"/> (everyone's use: the node, the bench's own
    /// client, the servers), and the bench's own CPU per message: a tail can be the requests waiting for a core.
    /// </summary>
    private static string MachineShare((long Busy, long All) machine, TimeSpan bench, int messages)
    {
        var now = ProcessCpu.Machine();
        var busy = (double)(now.Busy - machine.Busy) / Math.Max(1, now.All - machine.All);
        var client = (ProcessCpu.Of(Environment.ProcessId) - bench).TotalMilliseconds / messages;
        return $"; the {Environment.ProcessorCount} cores {busy:0%} busy (the bench's own client {client:0.00} ms per message)";
    }

    /// <summary>The node's CPU time since <paramref name="before"/> per message, as the row's note.</summary>
    private string NodeCost(TimeSpan before, int messages) =>
        nodePid is null ? "" : $"; node CPU {(ProcessCpu.Of(nodePid) - before).TotalMilliseconds / messages:0.00} ms per message";

    private async Task ReadsAsync(string parked, List<string> executionIds)
    {
        var random = new Random(7);
        var (getActor, getActorRate) = await Load.ClosedAsync(options.Concurrency, options.Reads, () => client.GetOkAsync($"/actors/{parked}"));
        var (getExecution, getExecutionRate) = await Load.ClosedAsync(options.Concurrency, options.Reads, () =>
        {
            string id;
            lock (random) id = executionIds[random.Next(executionIds.Count)];
            return client.GetOkAsync($"/actors/{parked}/executions/{id}");
        });
        var actorStats = Stats.Of(getActor);
        var executionStats = Stats.Of(getExecution);
        report.Distributions[$"{profile}: GET execution"] = executionStats;
        report.Row($"| {profile} | GET /actors/{{id}} ({executionIds.Count} executions stored) | {actorStats.Count} | " +
                   $"{actorStats.P50:0.0} | {actorStats.P99:0.0} | {getActorRate:0} req/s |");
        report.Row($"| {profile} | GET /actors/{{id}}/executions/{{eid}} | {executionStats.Count} | " +
                   $"{executionStats.P50:0.0} | {executionStats.P99:0.0} | {getExecutionRate:0} req/s |");
        if (!Headline) return;
        report.Figure("reads_per_s", getExecutionRate);
        report.Figure("reads_p99_ms", executionStats.P99);
    }

    private static DateTime Time(System.Text.Json.JsonElement execution, string field) =>
        DateTime.Parse(execution.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    private Task WaitFinishedAsync(string actorId, string executionId, TimeSpan? poll = null) =>
        Eventually.TrueAsync(async () => await client.StatusAsync(actorId, executionId) is "COMPLETE" or "ERROR",
            ExecutionDeadline, $"execution {executionId} to finish", poll: poll ?? Poll);
}
