using Abaco.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// One caller of a node that runs with <c>access_control = jwt</c>: every request carries the caller's credential
/// header exactly as given (or none, for someone holding only a nonce). <see cref="AbacoClient"/> cannot add
/// headers, hence this small twin of it; answers are the same <see cref="Answer"/>s.
/// </summary>
public sealed class CallerClient : IDisposable
{
    private readonly HttpClient _http;

    public CallerClient(Uri baseUrl, string name, string? headerName = null, string? headerValue = null)
    {
        Name = name;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        // Without validation: a credential may carry what a sloppy gateway adds (padding, trailing junk).
        if (headerName is not null) _http.DefaultRequestHeaders.TryAddWithoutValidation(headerName, headerValue);
    }

    /// <summary>The user name the node should see (the JWT end user without its domain), or a label.</summary>
    public string Name { get; }

    private static readonly JsonSerializerOptions AsWritten = new();

    public Task<Answer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<Answer> DeleteAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));

    public Task<Answer> PostJsonAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: AsWritten) });

    public Task<Answer> PutJsonAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: AsWritten) });

    /// <summary>Sends a string message (form field <c>message</c>) to an actor id or alias; refusals are answers too.</summary>
    public Task<Answer> PostMessageAsync(string actor, string message, string query = "") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/actors/{actor}/messages{query}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = message }),
        });

    public async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return new Answer(response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), body);
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{Name}: {request.Method} {request.RequestUri} answered {(int)response.StatusCode} with a body that is not JSON: {body}");
        }
    }

    /// <summary>Registers an actor and returns its id (asserting success).</summary>
    public async Task<string> CreateActorAsync(object description)
    {
        var answer = await PostJsonAsync("/actors", description);
        if (answer.Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"{Name}: POST /actors failed: {answer.Body}");
        return answer.Result.GetProperty("id").GetString()!;
    }

    /// <summary>Sends a message and returns the execution id (asserting success).</summary>
    public async Task<string> SendMessageAsync(string actor, string message, string query = "")
    {
        var answer = await PostMessageAsync(actor, message, query);
        if (answer.Status != HttpStatusCode.OK)
            throw new Xunit.Sdk.XunitException($"{Name}: POST /actors/{actor}/messages{query} failed: {answer.Body}");
        return answer.Result.GetProperty("execution_id").GetString()!;
    }

    /// <summary>Waits for the execution to be COMPLETE (failing with its status message if it ends otherwise).</summary>
    public async Task<JsonElement> WaitCompleteAsync(string actor, string executionId)
    {
        JsonElement execution = default;
        await Eventually.TrueAsync(async () =>
        {
            execution = (await GetAsync($"/actors/{actor}/executions/{executionId}")).Result;
            return execution.ValueKind == JsonValueKind.Object &&
                   execution.GetProperty("status").GetString() is "COMPLETE" or "ERROR";
        }, AbacoClient.ExecutionDeadline, $"execution {executionId} to finish");
        if (execution.GetProperty("status").GetString() != "COMPLETE")
            throw new Xunit.Sdk.XunitException(
                $"Execution {executionId} ended ERROR: {execution.GetProperty("status_message").GetString()}");
        return execution;
    }

    public async Task<string> LogsAsync(string actor, string executionId) =>
        (await GetAsync($"/actors/{actor}/executions/{executionId}/logs")).Result.GetProperty("logs").GetString()!;

    public void Dispose() => _http.Dispose();
}
