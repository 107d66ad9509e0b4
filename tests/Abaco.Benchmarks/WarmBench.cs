using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Abaco.Benchmarks;

/// <summary>
/// Warm execution (docs/warm-execution.md) for a trivial image: executions/s through several warm workers of one
/// actor, and what a warm execution adds over running the image's command directly in its container
/// (<see cref="DirectRun"/>), one message at a time, with where the time goes.
/// </summary>
public static class WarmBench
{
    private const string Image = "abaco/test-busybox";
    private static readonly string[] Command = ["/bin/sh", "/entry.sh"];
    // The trivial command (docker/images/test-true): one exec, no output, so its bursts show the node's share alone.
    private const string TrivialImage = "abaco/test-true";
    private static readonly string[] TrivialCommand = ["/bin/true"];
    // How long each ceiling runs its command flat out.
    private static readonly TimeSpan CeilingWindow = TimeSpan.FromSeconds(5);
    // A burst is waited for more gently: polling every 2 ms through hundreds of executions cost the node more CPU
    // than running them did, and 20 ms is little beside a burst's seconds.
    private static readonly TimeSpan BurstPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Adds its rows to <paramref name="table"/>; returns <c>warm_exec_per_s</c> and <c>warm_added_p50_ms</c>.</summary>
    /// <param name="nodePid">The node's process, whose CPU time the burst used is reported per execution.</param>
    /// <param name="poll">How often one execution at a time is looked at until COMPLETE: the finer, the more exactly
    /// COMPLETE is seen, and the more node CPU the looking takes while the command runs on the same cores.</param>
    public static async Task<(double ExecPerSecond, double AddedP50Ms)> RunAsync(string profile, HttpClient http,
        List<string> table, int workers, int messages, int samples, int? nodePid, TimeSpan poll)
    {
        var actor = await CreateWarmActorAsync(http, Image, workers);
        var perSecond = await BurstRowsAsync(profile, http, table, actor, workers, messages, nodePid);
        await CeilingRowsAsync(table, Image, Command, workers, perSecond);

        var stepsBefore = await WarmSteps.ScrapeAsync(http);
        var timings = new List<OneExecution>();
        for (var i = 0; i < samples; i++) timings.Add(await RunOneAsync(http, actor, poll));
        var steps = await WarmSteps.ScrapeAsync(http);
        var direct = Stats.Of(await DirectRun.TimeAsync(Image, Command, "bench", samples));
        var alone = Stats.Of(await RunnerAlone.TimeAsync(Image, Command, "bench", samples));
        var endToEnd = Stats.Of(timings.Select(t => t.PostToComplete));
        var (before, worker, after) = (Stats.Of(timings.Select(t => t.PostToStart)), Stats.Of(timings.Select(t => t.Worker)),
            Stats.Of(timings.Select(t => t.FinishToComplete)));
        var added = worker.P50 - direct.P50;
        table.Add($"| {profile} | warm POST → COMPLETE, one at a time (a GET every {poll.TotalMilliseconds:0} ms until COMPLETE) | {endToEnd.Count} | {endToEnd.P50:0.0} | {endToEnd.P99:0.0} | " +
                  $"{endToEnd.P50 - direct.P50:+0.0;-0.0} ms p50 over direct |");
        table.Add($"| {profile} | … POST, until the worker asks the runner | {before.Count} | {before.P50:0.0} | {before.P99:0.0} | |");
        table.Add($"| {profile} | … worker: request to the runner → exit answer | {worker.Count} | {worker.P50:0.0} | {worker.P99:0.0} | " +
                  $"{added:+0.0;-0.0} ms p50 over direct |");
        StepRows(profile, table, "… …", steps, stepsBefore, WarmSteps.Runner, direct);
        table.Add($"| {profile} | … exit answer → COMPLETE seen | {after.Count} | {after.P50:0.0} | {after.P99:0.0} | |");
        table.Add($"| — | the same command run directly in a container of the image (fork/exec/wait4) | {direct.Count} | " +
                  $"{direct.P50:0.0} | {direct.P99:0.0} | |");
        table.Add($"| — | the same command through the warm runner without the node (the worker's client, request → exit answer) | " +
                  $"{alone.Count} | {alone.P50:0.0} | {alone.P99:0.0} | {alone.P50 - direct.P50:+0.0;-0.0} ms p50 over direct |");
        using var deleted = await http.DeleteAsync($"/actors/{actor}");
        // The ceiling with more workers on the same two cores (not a headline figure).
        var wider = await CreateWarmActorAsync(http, Image, workers * 2);
        var widerPerSecond = await BurstRowsAsync(profile, http, table, wider, workers * 2, messages, nodePid);
        using var widerDeleted = await http.DeleteAsync($"/actors/{wider}");
        await CeilingRowsAsync(table, Image, Command, workers * 2, widerPerSecond);
        // The node's share without the command's cost: the same burst with a command that does nothing.
        var trivial = await CreateWarmActorAsync(http, TrivialImage, workers);
        var trivialPerSecond = await BurstRowsAsync(profile, http, table, trivial, workers, messages, nodePid, TrivialImage);
        using var trivialDeleted = await http.DeleteAsync($"/actors/{trivial}");
        await CeilingRowsAsync(table, TrivialImage, TrivialCommand, workers, trivialPerSecond);
        return (perSecond, added);
    }

    /// <summary>
    /// Starts every worker and its container, so the burst measures warm executions, not container starts, then times
    /// a burst and splits each worker's time per execution into its steps.
    /// </summary>
    private static async Task<double> BurstRowsAsync(string profile, HttpClient http, List<string> table, string actor,
        int workers, int messages, int? nodePid, string image = Image)
    {
        await StartWorkersAsync(http, actor, workers);
        var (cpuBefore, stepsBefore, switchesBefore) = (ProcessCpu.Of(nodePid), await WarmSteps.ScrapeAsync(http), ContextSwitches(nodePid));
        var (began, watch) = (DateTime.UtcNow, Stopwatch.StartNew());
        var (posted, records) = await BurstAsync(http, actor, messages);
        var elapsed = watch.Elapsed;
        var (cpuPerExecution, steps) = ((ProcessCpu.Of(nodePid) - cpuBefore).TotalMilliseconds / messages, await WarmSteps.ScrapeAsync(http));
        var switches = (ContextSwitches(nodePid) - switchesBefore) / (double)messages;
        var perSecond = messages / elapsed.TotalSeconds;
        table.Add($"| {profile} | warm executions of {image}, {workers} workers, {messages} messages at once (waited for by GET of the oldest " +
                  $"unfinished execution every {BurstPoll.TotalMilliseconds:0} ms) | {messages} | | | {perSecond:0.0}/s; node CPU " +
                  $"{cpuPerExecution:0.0} ms per execution ({switches:0} context switches); each worker one every " +
                  $"{elapsed.TotalMilliseconds * workers / messages:0.0} ms |");
        table.Add($"| {profile} | … {BurstShape(began, elapsed, posted, records)} | | | | |");
        StepRows(profile, table, "… per worker,", steps, stepsBefore, WarmSteps.Worker, null);
        StepRows(profile, table, "… of the hand-over,", steps, stepsBefore, ["entity_handover"], null);
        return perSecond;
    }

    /// <summary>
    /// What this machine can do with the command at all, beside the burst that ran it through the node: the command run
    /// directly in <paramref name="containers"/> containers at once, and through the runner without the node from as
    /// many clients at once, each flat out (<see cref="CeilingWindow"/>).
    /// </summary>
    private static async Task CeilingRowsAsync(List<string> table, string image, string[] command, int containers,
        double burstPerSecond)
    {
        var direct = await DirectRun.CeilingAsync(image, command, "bench", containers, CeilingWindow);
        var alone = await RunnerAlone.CeilingAsync(image, command, "bench", containers, CeilingWindow);
        var what = $"`{string.Join(' ', command)}` of {image} in {containers} containers at once, flat out for {CeilingWindow.TotalSeconds:0} s";
        table.Add($"| — | ceiling: {what}, run directly (direct-run --flat) | | | | {direct:0.0}/s; the burst through the node " +
                  $"{burstPerSecond / direct:0%} of it |");
        table.Add($"| — | ceiling: {what}, through the warm runner without the node, one client per container | | | | " +
                  $"{alone:0.0}/s; the burst through the node {burstPerSecond / alone:0%} of it |");
    }

    /// <summary>
    /// The node's threads' context switches so far (voluntary and not, from /proc/PID/task/*/status; threads that ended
    /// in between are missed): how often the node's work woke a thread or was preempted.
    /// </summary>
    private static long ContextSwitches(int? pid)
    {
        if (pid is null || !Directory.Exists($"/proc/{pid}/task")) return 0;
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.Contains("ctxt_switches:", StringComparison.Ordinal))
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended while being read
            }
        }
        return total;
    }

    /// <summary>One row per step: its mean over the phase, from the node's own timestamps (and the runner's).</summary>
    private static void StepRows(string profile, List<string> table, string prefix, WarmSteps after, WarmSteps before,
        IEnumerable<string> names, Stats? direct)
    {
        foreach (var name in names)
        {
            var (mean, count) = after.Since(before, name);
            var note = name == "runner_fork_to_exit" && direct is not null ? $"direct run p50 {direct.P50:0.0} ms" : "";
            table.Add($"| {profile} | {prefix} {StepNames[name]} (mean) | {count} | {mean:0.00} | | {note} |");
        }
    }

    private static readonly Dictionary<string, string> StepNames = new()
    {
        ["handover"] = "end reported → next execution handed over (the entity)",
        ["entity_handover"] = "the entity: end received → next dispatch journalled (one journal write with the end)",
        ["prepare"] = "handed over → prepared (configs, token, IPC)",
        ["before_request"] = "prepared → request to the runner",
        ["to_runner"] = "request → read by the runner (connect, socket hop)",
        ["runner_before_fork"] = "runner: request read → fork (log file, contract links)",
        ["runner_fork_to_exit"] = "runner: fork → process reaped (the command itself)",
        ["runner_after_exit"] = "runner: reaped → exit answer written",
        ["to_worker"] = "exit answer written → read by the worker",
        ["after_answer"] = "exit answer read → end reported (logs read and stored, IPC closed)",
    };

    /// <summary>One execution: POST → COMPLETE seen, split at the record's start_time and finish_time (worker clock, ms).</summary>
    private sealed record OneExecution(TimeSpan PostToComplete, TimeSpan PostToStart, TimeSpan Worker, TimeSpan FinishToComplete);

    private static async Task<string> CreateWarmActorAsync(HttpClient http, string image, int workers)
    {
        using var response = await http.PostAsJsonAsync("/actors",
            new { image, hints = new[] { "warm" }, max_workers = workers });
        return (await ResultAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Asks for <paramref name="workers"/> workers (the bench's node runs the test settings, without the autoscaler),
    /// waits until they are ready, then runs messages until each has run one and so made its warm container.
    /// </summary>
    private static async Task StartWorkersAsync(HttpClient http, string actor, int workers)
    {
        using var asked = await http.PostAsJsonAsync($"/actors/{actor}/workers", new { num = workers });
        await ResultAsync(asked);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var ran = new HashSet<string>();
        while (ran.Count < workers)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"only {ran.Count} of {workers} warm workers ran an execution");
            var (_, records) = await BurstAsync(http, actor, workers * 2);
            ran.UnionWith(records.Select(r => r.GetProperty("worker_id").GetString() ?? ""));
        }
    }

    /// <summary>Posts <paramref name="messages"/> at once; when every POST was answered, and every execution's record.</summary>
    private static async Task<(TimeSpan Posted, List<JsonElement> Records)> BurstAsync(HttpClient http, string actor, int messages)
    {
        var watch = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, messages).Select(i => SendAsync(http, actor, $"m{i}")));
        var posted = watch.Elapsed;
        var records = new List<JsonElement>();
        foreach (var id in ids) records.Add(await WaitCompleteAsync(http, actor, id, BurstPoll));
        return (posted, records);
    }

    /// <summary>Where a burst's wall time went beside the workers' steps: the POSTs, the first start, the workers used, the tail.</summary>
    private static string BurstShape(DateTime began, TimeSpan elapsed, TimeSpan posted, List<JsonElement> records)
    {
        var (starts, finishes) = (records.Select(r => Time(r, "start_time")).ToList(), records.Select(r => Time(r, "finish_time")).ToList());
        var byWorker = records.GroupBy(r => r.GetProperty("worker_id").GetString()).ToList();
        var busy = records.Sum(r => (Time(r, "finish_time") - Time(r, "start_time")).TotalMilliseconds);
        return $"every POST answered after {posted.TotalMilliseconds:0} ms; first request to a runner at " +
               $"{(starts.Min() - began).TotalMilliseconds:0} ms; {byWorker.Count} workers ran executions, inside their runners " +
               $"{busy / (byWorker.Count * elapsed.TotalMilliseconds):0%} of the burst; last exit answer → last COMPLETE seen " +
               $"{(began + elapsed - finishes.Max()).TotalMilliseconds:0} ms";
    }

    private static async Task<OneExecution> RunOneAsync(HttpClient http, string actor, TimeSpan poll)
    {
        var posted = DateTime.UtcNow;
        var one = Stopwatch.StartNew();
        var record = await WaitCompleteAsync(http, actor, await SendAsync(http, actor, "bench"), poll);
        var total = one.Elapsed;
        var (start, finish) = (Time(record, "start_time"), Time(record, "finish_time"));
        return new OneExecution(total, start - posted, finish - start, posted + total - finish);
    }

    private static async Task<string> SendAsync(HttpClient http, string actor, string message)
    {
        using var response = await http.PostAsync($"/actors/{actor}/messages",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = message }));
        return (await ResultAsync(response)).GetProperty("execution_id").GetString()!;
    }

    private static async Task<JsonElement> WaitCompleteAsync(HttpClient http, string actor, string id, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            using var response = await http.GetAsync($"/actors/{actor}/executions/{id}");
            var record = await ResultAsync(response);
            var status = record.GetProperty("status").GetString();
            if (status == "COMPLETE") return record;
            if (status == "ERROR" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"warm execution {id} ended {status}: {record}");
            await Task.Delay(poll);
        }
    }


    private static DateTime Time(JsonElement execution, string field) =>
        DateTime.Parse(execution.GetProperty(field).GetString()!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static async Task<JsonElement> ResultAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("result").Clone();
    }
}
