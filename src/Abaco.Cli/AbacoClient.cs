using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Cli;

/// <summary>A successful answer: the envelope's <c>result</c> and <c>message</c>.</summary>
public sealed record AbacoReply(JsonNode? Result, string Message);

/// <summary>Abaco answered with an error envelope (or with something that is not an envelope at all).</summary>
public sealed class AbacoApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>Abaco could not be reached (refused, unknown host, no answer in time).</summary>
public sealed class AbacoUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The Abaco REST API, one method per call the command line makes. Every JSON answer is the envelope
/// <c>{result, status, version, message}</c>; an error envelope becomes <see cref="AbacoApiException"/>.
/// </summary>
public sealed class AbacoClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _base;

    /// <param name="tenant">Sent as the <c>tenant</c> header when not null (Abaco's tenant without JWT).</param>
    /// <param name="handler">The HTTP stack (tests may pass their own); the client owns it.</param>
    public AbacoClient(Uri baseUrl, string? tenant, HttpMessageHandler? handler = null, TimeSpan? requestTimeout = null)
    {
        _base = baseUrl.AbsoluteUri.TrimEnd('/');
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = requestTimeout ?? TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (tenant is not null) _http.DefaultRequestHeaders.Add("tenant", tenant);
    }

    public string BaseUrl => _base;

    public Task<AbacoReply> ListActorsAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, Path("actors"), null, ct);

    public Task<AbacoReply> CreateActorAsync(CreateActor actor, CancellationToken ct)
    {
        var body = new JsonObject { ["image"] = actor.Image };
        if (actor.Name is not null) body["name"] = actor.Name;
        if (actor.Description is not null) body["description"] = actor.Description;
        if (actor.Environment.Count > 0)
        {
            var environment = new JsonObject();
            foreach (var (key, value) in actor.Environment) environment[key] = value;
            body["default_environment"] = environment;
        }
        return SendAsync(HttpMethod.Post, Path("actors"), Json(body.ToJsonString()), ct);
    }

    public Task<AbacoReply> GetActorAsync(string actorId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Path("actors", actorId), null, ct);

    public Task<AbacoReply> DeleteActorAsync(string actorId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Path("actors", actorId), null, ct);

    /// <summary>Plain text goes as the form field <c>message</c>; JSON as an <c>application/json</c> body.</summary>
    public Task<AbacoReply> SendMessageAsync(string actorId, string message, bool json, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Path("actors", actorId, "messages"),
            json ? Json(message) : new FormUrlEncodedContent([new KeyValuePair<string, string>("message", message)]), ct);

    public Task<AbacoReply> CountMessagesAsync(string actorId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Path("actors", actorId, "messages"), null, ct);

    public Task<AbacoReply> ListExecutionsAsync(string actorId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Path("actors", actorId, "executions"), null, ct);

    public Task<AbacoReply> GetExecutionAsync(string actorId, string executionId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Path("actors", actorId, "executions", executionId), null, ct);

    public Task<AbacoReply> GetLogsAsync(string actorId, string executionId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Path("actors", actorId, "executions", executionId, "logs"), null, ct);

    public Task<AbacoReply> ListWorkersAsync(string actorId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Path("actors", actorId, "workers"), null, ct);

    private string Path(params string[] segments) =>
        _base + "/" + string.Join("/", segments.Select(Uri.EscapeDataString));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<AbacoReply> SendAsync(HttpMethod method, string url, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(request, ct);
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException e)
        {
            throw new AbacoUnreachableException($"cannot reach the Abaco API at {_base}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AbacoUnreachableException(
                $"the Abaco API at {_base} did not answer {method} {url} within {_http.Timeout.TotalSeconds:0.#} s.", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (Envelope(body) is not { } envelope)
                throw new AbacoApiException(status,
                    $"unexpected answer from {method} {url}: HTTP {status} {Snippet(body)}".TrimEnd());
            var message = envelope["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "";
            var isError = envelope["status"] is JsonValue s && s.TryGetValue<string>(out var st) && st != "success";
            if (isError || !response.IsSuccessStatusCode)
                throw new AbacoApiException(status, message.Length > 0 ? message : $"HTTP {status} from {method} {url}");
            return new AbacoReply(envelope["result"]?.DeepClone(), message);
        }
    }

    /// <summary>The envelope, or null when the body is not one (an HTML error page from a proxy, say).</summary>
    private static JsonObject? Envelope(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject obj && obj.ContainsKey("status") && obj.ContainsKey("result")
                ? obj
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Snippet(string body)
    {
        var oneLine = string.Join(' ', body.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return oneLine.Length <= 200 ? oneLine : oneLine[..200] + "...";
    }

    public void Dispose() => _http.Dispose();
}
