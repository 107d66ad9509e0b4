using System.Text;
using System.Text.Json;
using Abaco.Testing;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A caller that speaks <see cref="WireHttp"/>: the request target goes out exactly as written, with the caller's
/// credential header (none under <c>access_control = none</c>) and the node's field case for the bodies it builds.
/// </summary>
public sealed class WireCaller(Uri server, bool camel, params KeyValuePair<string, string>[] headers)
{
    public bool Camel { get; } = camel;

    /// <summary>A field name in the node's case (<c>actor_id</c> or <c>actorId</c>).</summary>
    public string Field(string snake) =>
        Camel ? string.Concat(snake.Split('_').Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])) : snake;

    public Task<WireAnswer> GetAsync(string target) => WireHttp.SendAsync(server, "GET", target, headers);

    public Task<WireAnswer> DeleteAsync(string target) => WireHttp.SendAsync(server, "DELETE", target, headers);

    public Task<WireAnswer> SendAsync(string method, string target, byte[]? body = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? extraHeaders = null) =>
        WireHttp.SendAsync(server, method, target, headers.Concat(extraHeaders ?? []), body, contentType);

    public Task<WireAnswer> PostJsonAsync(string target, object body) =>
        SendAsync("POST", target, JsonSerializer.SerializeToUtf8Bytes(body), "application/json");

    public Task<WireAnswer> PostFormAsync(string target, string urlEncoded) =>
        SendAsync("POST", target, Encoding.UTF8.GetBytes(urlEncoded), "application/x-www-form-urlencoded");

    /// <summary>Registers a busybox actor and returns its id.</summary>
    public async Task<string> CreateActorAsync(string name)
    {
        var answer = await PostJsonAsync("/actors", new Dictionary<string, object> { ["image"] = "abaco/test-busybox", ["name"] = name });
        if (answer.Status != 200) throw new Xunit.Sdk.XunitException($"POST /actors failed: {answer}");
        return answer.Result.GetProperty("id").GetString()!;
    }

    /// <summary>Sends a message and waits for its execution to finish; returns the execution id.</summary>
    public async Task<string> RunAsync(string actorId)
    {
        var sent = await PostFormAsync($"/actors/{actorId}/messages", "message=hello");
        if (sent.Status != 200) throw new Xunit.Sdk.XunitException($"POST messages failed: {sent}");
        var executionId = sent.Result.GetProperty(Field("execution_id")).GetString()!;
        await Eventually.TrueAsync(async () =>
        {
            var execution = await GetAsync($"/actors/{actorId}/executions/{executionId}");
            return execution.Status == 200 &&
                   execution.Result.GetProperty("status").GetString() is "COMPLETE" or "ERROR";
        }, AbacoClient.ExecutionDeadline, $"execution {executionId} to finish");
        return executionId;
    }

    /// <summary>Creates an alias of the actor and returns it.</summary>
    public async Task<string> AliasAsync(string actorId, string alias)
    {
        var answer = await PostJsonAsync("/actors/aliases",
            new Dictionary<string, object> { ["alias"] = alias, [Field("actor_id")] = actorId });
        if (answer.Status != 200) throw new Xunit.Sdk.XunitException($"POST /actors/aliases failed: {answer}");
        return alias;
    }
}
