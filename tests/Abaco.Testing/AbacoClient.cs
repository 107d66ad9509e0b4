using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Abaco.Testing;

/// <summary>An answer of the API: the HTTP status and the parsed envelope.</summary>
public sealed record Answer(HttpStatusCode Status, JsonElement Envelope, string Body)
{
    public JsonElement Result => Envelope.GetProperty("result");
    public string Message => Envelope.GetProperty("message").GetString()!;
    public string EnvelopeStatus => Envelope.GetProperty("status").GetString()!;
}

/// <summary>What a client of Abaco does, over real HTTP.</summary>
public sealed class AbacoClient(Uri baseUrl, string? tenant = null) : IDisposable
{
    public static readonly TimeSpan ExecutionDeadline = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http = Create(baseUrl, tenant);

    private static HttpClient Create(Uri baseUrl, string? tenant)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (tenant is not null) http.DefaultRequestHeaders.Add("tenant", tenant);
        return http;
    }

    /// <summary>Sends <paramref name="name"/> on every request from now on (a credential: X-Jwt-Assertion-TENANT).</summary>
    public AbacoClient WithHeader(string name, string value)
    {
        _http.DefaultRequestHeaders.Add(name, value);
        return this;
    }

    public Task<Answer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<Answer> DeleteAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));

    // Field names go exactly as written in the test (no camel-casing of FOO_BAR keys).
    private static readonly JsonSerializerOptions AsWritten = new();

    public Task<Answer> PostJsonAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: AsWritten) });

    public Task<Answer> PutJsonAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: AsWritten) });

    public Task<Answer> PostRawAsync(string path, string body, string contentType) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        });

    public Task<Answer> PostFormAsync(string path, IDictionary<string, string> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    public async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} with a body that is not JSON: {body}");
        }
        return new Answer(response.StatusCode, envelope, body);
    }

    /// <summary>Registers an actor and returns its id (asserting success).</summary>
    public async Task<string> CreateActorAsync(object description)
    {
        var answer = await PostJsonAsync("/actors", description);
        if (answer.Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"POST /actors failed: {answer.Body}");
        return answer.Result.GetProperty("id").GetString()!;
    }

    /// <summary>Sends a string message (form field <c>message</c>) and returns the execution id.</summary>
    public async Task<string> SendAsync(string actorId, string message, string query = "")
    {
        var answer = await PostFormAsync($"/actors/{actorId}/messages{query}", new Dictionary<string, string> { ["message"] = message });
        if (answer.Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"POST messages failed: {answer.Body}");
        return answer.Result.GetProperty("execution_id").GetString()!;
    }

    public async Task<JsonElement> ExecutionAsync(string actorId, string executionId) =>
        (await GetAsync($"/actors/{actorId}/executions/{executionId}")).Result;

    /// <summary>Waits until the execution is COMPLETE or ERROR and returns it.</summary>
    public Task<JsonElement> WaitFinishedAsync(string actorId, string executionId, TimeSpan? deadline = null) =>
        WaitStatusAsync(actorId, executionId, ["COMPLETE", "ERROR"], deadline);

    public async Task<JsonElement> WaitStatusAsync(string actorId, string executionId, string[] statuses,
        TimeSpan? deadline = null)
    {
        JsonElement execution = default;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                execution = await ExecutionAsync(actorId, executionId);
                return execution.ValueKind == JsonValueKind.Object &&
                       statuses.Contains(execution.GetProperty("status").GetString());
            }, deadline ?? ExecutionDeadline, $"execution {executionId} to reach {string.Join(" or ", statuses)}");
        }
        catch (TimeoutException e)
        {
            // Say where it got stuck: the execution as last read, and the actor's workers now.
            var workers = await GetAsync($"/actors/{actorId}/workers");
            throw new TimeoutException($"{e.Message} Last read: {execution.ValueKind switch
            {
                JsonValueKind.Undefined => "nothing",
                _ => execution.GetRawText(),
            }}; workers: {workers.Body}", e);
        }
        return execution;
    }

    /// <summary>Waits for the execution to finish and asserts it is COMPLETE (showing its reason if not).</summary>
    public async Task<JsonElement> WaitCompleteAsync(string actorId, string executionId, TimeSpan? deadline = null)
    {
        var execution = await WaitFinishedAsync(actorId, executionId, deadline);
        var status = execution.GetProperty("status").GetString();
        if (status != "COMPLETE")
            throw new Xunit.Sdk.XunitException(
                $"Execution {executionId} ended {status}: {execution.GetProperty("status_message").GetString()}");
        return execution;
    }

    public async Task<JsonElement> WaitActorStatusAsync(string actorId, string status, TimeSpan? deadline = null)
    {
        JsonElement actor = default;
        await Eventually.TrueAsync(async () =>
        {
            actor = (await GetAsync($"/actors/{actorId}")).Result;
            return actor.ValueKind == JsonValueKind.Object && actor.GetProperty("status").GetString() == status;
        }, deadline ?? ExecutionDeadline, $"actor {actorId} to reach {status}");
        return actor;
    }

    public async Task<string> LogsAsync(string actorId, string executionId) =>
        (await GetAsync($"/actors/{actorId}/executions/{executionId}/logs")).Result.GetProperty("logs").GetString()!;

    public void Dispose() => _http.Dispose();
}
