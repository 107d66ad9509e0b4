using System.Net.Http.Headers;
using System.Text.Json;

namespace Abaco.Admin;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command host refused the verb or it failed (an unknown node, no such actor, no admin role...).</summary>
    public const int Failed = 1;
    public const int Usage = 2;
    /// <summary>Nothing answers at HOST:PORT, it does not answer in time, or it is not a command host.</summary>
    public const int Unreachable = 3;
}

/// <summary>Calls one node's command host and prints the answer; returns the exit code.</summary>
internal sealed class AdminHttp : IDisposable
{
    /// <summary>A verb that is not a tail gets this long for its answer.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Every answer of a command host carries it.</summary>
    private const string CommandHostHeader = "X-Abaco-Admin";

    private readonly HttpClient _http;
    private readonly string _endpoint;

    public AdminHttp(Invocation invocation, HttpMessageHandler? handler = null)
    {
        _endpoint = invocation.Endpoint;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = new Uri($"http://{invocation.Endpoint}/admin/v1/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (invocation.Token is not { } token) return;
        if (invocation.Tenant is { } tenant) _http.DefaultRequestHeaders.Add($"X-Jwt-Assertion-{tenant}", token);
        else _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public void Dispose() => _http.Dispose();

    public async Task<int> RunAsync(VerbCall call, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (!call.Verb.Streams) deadline.CancelAfter(AnswerTimeout);
        var query = string.Join("&", call.Query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var request = new HttpRequestMessage(new HttpMethod(call.Verb.Method), query.Length == 0 ? call.Path : $"{call.Path}?{query}");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.Headers.Contains(CommandHostHeader))
            {
                await stderr.WriteLineAsync($"error: {_endpoint} is not an Abaco admin command host (HTTP {(int)response.StatusCode})");
                return ExitCodes.Unreachable;
            }
            if (!response.IsSuccessStatusCode) return await RefusedAsync(response, json, stdout, stderr, deadline.Token);
            if (call.Verb.Streams) return await StreamAsync(response, call.Verb, json, stdout, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            await stdout.WriteAsync(json ? body + "\n" : call.Verb.Show!(Parse(body)));
            return ExitCodes.Ok;
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteLineAsync($"error: cannot reach the command host at {_endpoint}: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Ok; // Ctrl+C ends a tail
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"error: {_endpoint} did not answer within {AnswerTimeout.TotalSeconds:0} s");
            return ExitCodes.Unreachable;
        }
        catch (JsonException)
        {
            await stderr.WriteLineAsync($"error: {_endpoint} is not an Abaco admin command host (its answer is not JSON)");
            return ExitCodes.Unreachable;
        }
    }

    private static JsonElement Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private async Task<int> RefusedAsync(HttpResponseMessage response, bool json, TextWriter stdout, TextWriter stderr,
        CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        JsonElement error;
        try
        {
            error = Parse(body);
        }
        catch (JsonException)
        {
            await stderr.WriteLineAsync($"error: {_endpoint} answered HTTP {(int)response.StatusCode}: {body}");
            return ExitCodes.Failed;
        }
        if (json) await stdout.WriteLineAsync(body);
        var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : body;
        await stderr.WriteLineAsync($"error: {message}");
        return ExitCodes.Failed;
    }

    private static async Task<int> StreamAsync(HttpResponseMessage response, Verb verb, bool json, TextWriter stdout,
        CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            await stdout.WriteAsync(json ? line + "\n" : verb.Show!(Parse(line)));
            await stdout.FlushAsync(ct);
        }
        return ExitCodes.Ok;
    }
}
