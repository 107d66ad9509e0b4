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
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2);
    // A burst is waited for more gently: polling every 2 ms through hundreds of executions cost the node more CPU
    // than running them did, and 20 ms is little beside a burst's seconds.
    private static readonly TimeSpan BurstPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Adds its rows to <paramref name="table"/>; returns <c>warm_exec_per_s</c> and <c>warm_added_p50_ms</c>.</summary>
    /// <param name="nodePid">The node's process, whose CPU time the burst used is reported per execution.</param>
    public static async Task<(double ExecPerSecond, double AddedP50Ms)> RunAsync(string profile, HttpClient http,
        List<string> table, int workers, int messages, int samples, int? nodePid)
    {
        var actor = await CreateWarmActorAsync(http, workers);
        // Every worker and its container first (the autoscaler starts them as messages wait), so the burst below
        // measures warm executions, not container starts; it follows within the workers' idle grace.
        await BurstAsync(http, actor, workers * 4);
        var cpuBefore = CpuTime(nodePid);
        var watch = Stopwatch.StartNew();
        await BurstAsync(http, actor, messages);
        var perSecond = messages / watch.Elapsed.TotalSeconds;
        var cpuPerExecution = (CpuTime(nodePid) - cpuBefore).TotalMilliseconds / messages;

        var timings = new List<OneExecution>();
        for (var i = 0; i < samples; i++) timings.Add(await RunOneAsync(http, actor));
        var direct = Stats.Of(await DirectRun.TimeAsync(Image, Command, "bench", samples));
        var endToEnd = Stats.Of(timings.Select(t => t.PostToComplete));
        var (before, worker, after) = (Stats.Of(timings.Select(t => t.PostToStart)), Stats.Of(timings.Select(t => t.Worker)),
            Stats.Of(timings.Select(t => t.FinishToComplete)));
        var added = worker.P50 - direct.P50;
        table.Add($"| {profile} | warm executions, {workers} workers, {messages} messages at once (waited for by GET of the oldest " +
                  $"unfinished execution every {BurstPoll.TotalMilliseconds:0} ms) | {messages} | | | {perSecond:0.0}/s; node CPU {cpuPerExecution:0.0} ms per execution |");
        table.Add($"| {profile} | warm POST → COMPLETE, one at a time | {endToEnd.Count} | {endToEnd.P50:0.0} | {endToEnd.P99:0.0} | " +
                  $"{endToEnd.P50 - direct.P50:+0.0;-0.0} ms p50 over direct |");
        table.Add($"| {profile} | … POST, until the worker asks the runner | {before.Count} | {before.P50:0.0} | {before.P99:0.0} | |");
        table.Add($"| {profile} | … worker: request to the runner → exit answer | {worker.Count} | {worker.P50:0.0} | {worker.P99:0.0} | " +
                  $"{added:+0.0;-0.0} ms p50 over direct |");
        table.Add($"| {profile} | … exit answer → COMPLETE seen | {after.Count} | {after.P50:0.0} | {after.P99:0.0} | |");
        table.Add($"| — | the same command run directly in a container of the image (fork/exec/wait4) | {direct.Count} | " +
                  $"{direct.P50:0.0} | {direct.P99:0.0} | |");
        using var deleted = await http.DeleteAsync($"/actors/{actor}");
        return (perSecond, added);
    }

    /// <summary>One execution: POST → COMPLETE seen, split at the record's start_time and finish_time (worker clock, ms).</summary>
    private sealed record OneExecution(TimeSpan PostToComplete, TimeSpan PostToStart, TimeSpan Worker, TimeSpan FinishToComplete);

    private static async Task<string> CreateWarmActorAsync(HttpClient http, int workers)
    {
        using var response = await http.PostAsJsonAsync("/actors",
            new { image = Image, hints = new[] { "warm" }, max_workers = workers });
        return (await ResultAsync(response)).GetProperty("id").GetString()!;
    }

    private static async Task BurstAsync(HttpClient http, string actor, int messages)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, messages).Select(i => SendAsync(http, actor, $"m{i}")));
        foreach (var id in ids) await WaitCompleteAsync(http, actor, id, BurstPoll);
    }

    private static async Task<OneExecution> RunOneAsync(HttpClient http, string actor)
    {
        var posted = DateTime.UtcNow;
        var one = Stopwatch.StartNew();
        var record = await WaitCompleteAsync(http, actor, await SendAsync(http, actor, "bench"), Poll);
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

    /// <summary>User + system CPU time of a process so far (/proc/PID/stat, in clock ticks of 10 ms); zero when unknown.</summary>
    private static TimeSpan CpuTime(int? pid)
    {
        if (pid is null) return TimeSpan.Zero;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The fields after the command (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
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
