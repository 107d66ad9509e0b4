using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Abaco.Benchmarks;

/// <summary>
/// Warm execution (docs/warm-execution.md): executions/s through several warm workers of one actor running a trivial
/// image, and the p50 a warm execution adds (POST → COMPLETE, polled) over running the image's command with
/// <c>docker exec</c> in a running container of the same image, measured in the same run.
/// </summary>
public static class WarmBench
{
    private const string Image = "abaco/test-busybox";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2);

    /// <summary>Adds its rows to <paramref name="table"/>; returns <c>warm_exec_per_s</c> and <c>warm_added_p50_ms</c>.</summary>
    public static async Task<(double ExecPerSecond, double AddedP50Ms)> RunAsync(string profile, HttpClient http,
        List<string> table, int workers, int messages, int samples)
    {
        var actor = await CreateWarmActorAsync(http, workers);
        await RunOneAsync(http, actor); // the container is made by the first message
        var watch = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, messages).Select(i => SendAsync(http, actor, $"m{i}")));
        foreach (var id in ids) await WaitCompleteAsync(http, actor, id);
        var perSecond = messages / watch.Elapsed.TotalSeconds;

        var warm = new List<TimeSpan>();
        for (var i = 0; i < samples; i++) warm.Add(await RunOneAsync(http, actor));
        var direct = await DockerExecAsync(samples);
        var added = Stats.Of(warm).P50 - Stats.Of(direct).P50;
        var (warmStats, directStats) = (Stats.Of(warm), Stats.Of(direct));
        table.Add($"| {profile} | warm executions, {workers} workers, {messages} messages at once | {messages} | | | {perSecond:0.0}/s |");
        table.Add($"| {profile} | warm POST → COMPLETE, one at a time | {warmStats.Count} | {warmStats.P50:0.0} | {warmStats.P99:0.0} | {added:+0.0;-0.0} ms p50 over docker exec |");
        table.Add($"| — | docker exec of the same command in a running container | {directStats.Count} | {directStats.P50:0.0} | {directStats.P99:0.0} | |");
        using var deleted = await http.DeleteAsync($"/actors/{actor}");
        return (perSecond, added);
    }

    private static async Task<string> CreateWarmActorAsync(HttpClient http, int workers)
    {
        using var response = await http.PostAsJsonAsync("/actors",
            new { image = Image, hints = new[] { "warm" }, max_workers = workers });
        return (await ResultAsync(response)).GetProperty("id").GetString()!;
    }

    private static async Task<TimeSpan> RunOneAsync(HttpClient http, string actor)
    {
        var one = Stopwatch.StartNew();
        await WaitCompleteAsync(http, actor, await SendAsync(http, actor, "bench"));
        return one.Elapsed;
    }

    private static async Task<string> SendAsync(HttpClient http, string actor, string message)
    {
        using var response = await http.PostAsync($"/actors/{actor}/messages",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = message }));
        return (await ResultAsync(response)).GetProperty("execution_id").GetString()!;
    }

    private static async Task WaitCompleteAsync(HttpClient http, string actor, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            using var response = await http.GetAsync($"/actors/{actor}/executions/{id}");
            var status = (await ResultAsync(response)).GetProperty("status").GetString();
            if (status == "COMPLETE") return;
            if (status == "ERROR" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"warm execution {id} ended {status}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>The baseline: the image's command run in an already running container of the image.</summary>
    private static async Task<List<TimeSpan>> DockerExecAsync(int samples)
    {
        var container = (await DockerAsync("run", "-d", "--rm", "--entrypoint", "/bin/sleep", Image, "3600")).Trim();
        try
        {
            var latencies = new List<TimeSpan>();
            for (var i = 0; i < samples; i++)
            {
                var one = Stopwatch.StartNew();
                await DockerAsync("exec", "-e", "MSG=bench", container, "/bin/sh", "/entry.sh");
                latencies.Add(one.Elapsed);
            }
            return latencies;
        }
        finally
        {
            await DockerAsync("rm", "-f", container);
        }
    }

    private static async Task<string> DockerAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("docker", args) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"docker {args[0]} exited {process.ExitCode}");
    }

    private static async Task<JsonElement> ResultAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("result").Clone();
    }
}
