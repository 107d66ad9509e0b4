using Abaco.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// An answer read as bytes, for the routes that answer without the envelope (results, synchronous messages) and for
/// looking at headers (CORS).
/// </summary>
public sealed record RawAnswer(HttpStatusCode Status, string? MediaType, byte[] Body, HttpResponseMessage Response)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The value of a response or content header ("" when absent), several values joined by ", ".</summary>
    public string Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}

/// <summary>What the API specs need beyond <see cref="AbacoClient"/>: bytes in, bytes out, and a few waits.</summary>
public static class AbacoClientExtensions
{
    // No base address and no default headers: shared by every fixture; the tenant goes on each request.
    private static readonly HttpClient Raw = new() { Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>Sends a request to the node and returns the answer as bytes, whatever it is.</summary>
    public static async Task<RawAnswer> RawAsync(this NodeFixture fixture, HttpRequestMessage request,
        string? tenant = null)
    {
        request.RequestUri = new Uri(fixture.Node.BaseUrl, request.RequestUri!.ToString());
        if (tenant is not null) request.Headers.Add("tenant", tenant);
        var response = await Raw.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new RawAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response);
    }

    public static Task<RawAnswer> RawGetAsync(this NodeFixture fixture, string path, string? tenant = null) =>
        fixture.RawAsync(new HttpRequestMessage(HttpMethod.Get, path), tenant);

    /// <summary>GET .../results: pops one result of the execution.</summary>
    public static Task<RawAnswer> PopResultAsync(this NodeFixture fixture, string actorId, string executionId,
        string? tenant = null) =>
        fixture.RawGetAsync($"/actors/{actorId}/executions/{executionId}/results", tenant);

    /// <summary>A binary message: the bytes as an <c>application/octet-stream</c> body (Content-Length set).</summary>
    public static ByteArrayContent OctetStream(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    public static Task<Answer> PostBytesAsync(this AbacoClient client, string path, byte[] bytes) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = OctetStream(bytes) });

    /// <summary>Sends a JSON message (not the <c>message</c> form field) and returns the execution id.</summary>
    public static async Task<string> SendJsonAsync(this AbacoClient client, string actorId, object message,
        string query = "")
    {
        var answer = await client.PostJsonAsync($"/actors/{actorId}/messages{query}", message);
        if (answer.Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"POST messages failed: {answer.Body}");
        return answer.Result.GetProperty("execution_id").GetString()!;
    }

    public static async Task<int> PendingMessagesAsync(this AbacoClient client, string actorId) =>
        (await client.GetAsync($"/actors/{actorId}/messages")).Result.GetProperty("messages").GetInt32();

    /// <summary>Waits until the actor has exactly <paramref name="count"/> workers, all READY, and returns them.</summary>
    public static async Task<List<JsonElement>> WaitReadyWorkersAsync(this AbacoClient client, string actorId,
        int count, TimeSpan? deadline = null)
    {
        var workers = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            workers = (await client.GetAsync($"/actors/{actorId}/workers")).Result.EnumerateArray().ToList();
            return workers.Count == count && workers.All(w => w.GetProperty("status").GetString() == "READY");
        }, deadline ?? AbacoClient.ExecutionDeadline, $"actor {actorId} to have {count} READY worker(s)");
        return workers;
    }

    /// <summary>
    /// Waits until the container of the execution has printed <paramref name="text"/>, read with <c>docker logs</c> as
    /// an operator would (e.g. to know a program installed its signal handlers before halting it).
    /// </summary>
    public static Task WaitContainerPrintedAsync(string executionId, string text, TimeSpan? deadline = null) =>
        Eventually.TrueAsync(async () =>
        {
            var ids = await Docker.ContainerIdsAsync($"abaco.execution_id={executionId}");
            return ids.Length > 0 && (await DockerLogsAsync(ids[0])).Contains(text);
        }, deadline ?? TimeSpan.FromSeconds(30), $"the container of {executionId} to print '{text}'",
            TimeSpan.FromMilliseconds(250));

    private static async Task<string> DockerLogsAsync(string containerId)
    {
        var info = new ProcessStartInfo("docker", ["logs", containerId])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return await stdout + await stderr;
    }

    /// <summary>The one line of JSON the python-actor image prints in <c>context</c> mode.</summary>
    public static JsonElement PrintedContext(string logs)
    {
        var line = logs.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith('{'))
                   ?? throw new Xunit.Sdk.XunitException($"No context JSON in the logs:\n{logs}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>Compares JSON values by meaning (property order ignored).</summary>
    public static bool JsonEquals(JsonElement a, JsonElement b) =>
        JsonElement.DeepEquals(a, b);

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
