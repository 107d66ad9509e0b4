using System.Net.Http.Json;
using System.Text.Json;

namespace Abaco.Benchmarks;

/// <summary>The few API calls the benchmark makes, failing loudly on anything but success.</summary>
public sealed class BenchClient(HttpClient http)
{
    public async Task<string> CreateActorAsync(string image, int? maxWorkers = null)
    {
        var body = new Dictionary<string, object> { ["image"] = image };
        if (maxWorkers is { } max) body["max_workers"] = max;
        using var response = await http.PostAsJsonAsync("/actors", body);
        return (await Result(response)).GetProperty("id").GetString()!;
    }

    public async Task<string> SendAsync(string actor, string message)
    {
        using var response = await http.PostAsync($"/actors/{actor}/messages",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = message }));
        return (await Result(response)).GetProperty("execution_id").GetString()!;
    }

    /// <summary>The node's Prometheus exposition.</summary>
    public Task<string> MetricsAsync() => http.GetStringAsync("/metrics");

    public async Task<string?> StatusAsync(string actor, string executionId) =>
        (await GetAsync($"/actors/{actor}/executions/{executionId}")).GetProperty("status").GetString();

    /// <summary>The execution's record (status, times, exit code) as the API shows it.</summary>
    public Task<JsonElement> ExecutionAsync(string actor, string executionId) =>
        GetAsync($"/actors/{actor}/executions/{executionId}");

    public async Task<string> LogsAsync(string actor, string executionId) =>
        (await GetAsync($"/actors/{actor}/executions/{executionId}/logs")).GetProperty("logs").GetString() ?? "";

    public async Task<string?> ActorStatusAsync(string actor) =>
        (await GetAsync($"/actors/{actor}")).GetProperty("status").GetString();

    /// <summary>A GET that must succeed; the body is read but not parsed (parsing is the client's cost, not Abaco's).</summary>
    public async Task GetOkAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}: {body}");
    }

    public async Task DeleteAsync(string actor)
    {
        using var response = await http.DeleteAsync($"/actors/{actor}");
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return await Result(response);
    }

    private static async Task<JsonElement> Result(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("result").Clone();
    }
}
