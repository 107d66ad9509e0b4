using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Cli.Http;

/// <summary>
/// The Abaco REST API over HTTP. Every JSON answer is the envelope <c>{result, status, version, message}</c>; an error
/// envelope becomes <see cref="AbacoApiException"/>. Results and synchronous messages answer raw bytes instead
/// (original-abaco.md §1.4 #13, §3.8): <see cref="RawAsync"/>.
/// </summary>
public sealed class AbacoClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Connection _connection;
    private readonly string _base;

    public AbacoClient(Connection connection, TimeSpan requestTimeout)
    {
        _connection = connection;
        _base = connection.Url.AbsoluteUri.TrimEnd('/');
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = requestTimeout,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (connection.Jwt is not null)
            _http.DefaultRequestHeaders.TryAddWithoutValidation(Connection.JwtHeaderPrefix + connection.Tenant, connection.Jwt);
        else if (connection.Token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        if (connection.Jwt is null && connection.Tenant is not null)
            _http.DefaultRequestHeaders.Add("tenant", connection.Tenant);
    }

    public Connection Connection => _connection;

    /// <summary>A path of escaped segments under the base URL: <c>Path("actors", id, "messages")</c>.</summary>
    public static string Path(params string[] segments) => "/" + string.Join("/", segments.Select(Uri.EscapeDataString));

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public Task<AbacoReply> GetAsync(string path, CancellationToken ct, IEnumerable<KeyValuePair<string, string>>? query = null) =>
        CallAsync(HttpMethod.Get, path, null, ct, query);

    public Task<AbacoReply> DeleteAsync(string path, CancellationToken ct) => CallAsync(HttpMethod.Delete, path, null, ct);

    public Task<AbacoReply> PostAsync(string path, JsonNode body, CancellationToken ct) =>
        CallAsync(HttpMethod.Post, path, Json(body), ct);

    public Task<AbacoReply> PutAsync(string path, JsonNode body, CancellationToken ct) =>
        CallAsync(HttpMethod.Put, path, Json(body), ct);

    /// <summary>One call answered with an envelope; its result and message.</summary>
    public async Task<AbacoReply> CallAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct,
        IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        var (status, body, _) = await SendAsync(method, path, content, query, ct);
        var text = Encoding.UTF8.GetString(body);
        var envelope = Envelope(text) ?? throw new AbacoApiException(status,
            $"unexpected answer from {method} {path}: HTTP {status} {Snippet(text)}".TrimEnd());
        return FromEnvelope(envelope, status, method, path);
    }

    /// <summary>
    /// A call whose success is raw bytes (results, a synchronous message); an error is still an envelope.
    /// </summary>
    public async Task<byte[]> RawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct,
        IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        var (status, body, isJson) = await SendAsync(method, path, content, query, ct);
        if (status is >= 200 and < 300) return body;
        var text = Encoding.UTF8.GetString(body);
        if (isJson && Envelope(text) is { } envelope) FromEnvelope(envelope, status, method, path);
        throw new AbacoApiException(status, $"HTTP {status} from {method} {path}: {Snippet(text)}".TrimEnd());
    }

    private async Task<(int Status, byte[] Body, bool IsJson)> SendAsync(HttpMethod method, string path,
        HttpContent? content, IEnumerable<KeyValuePair<string, string>>? query, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, _base + path + QueryString(query)) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json") == true;
            return ((int)response.StatusCode, body, isJson);
        }
        catch (HttpRequestException e)
        {
            throw new AbacoUnreachableException($"cannot reach the Abaco API at {_base}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AbacoUnreachableException(
                $"the Abaco API at {_base} did not answer {method} {path} within {_http.Timeout.TotalSeconds:0.#} s.", e);
        }
    }

    /// <summary>The caller's parameters plus the nonce, which travels in the query string.</summary>
    private string QueryString(IEnumerable<KeyValuePair<string, string>>? query)
    {
        var pairs = (query ?? []).ToList();
        if (_connection.Nonce is not null && _connection.Jwt is null && _connection.Token is null)
            pairs.Add(new("x-nonce", _connection.Nonce));
        return pairs.Count == 0
            ? ""
            : "?" + string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    private static AbacoReply FromEnvelope(JsonObject envelope, int status, HttpMethod method, string path)
    {
        var message = envelope["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "";
        var isError = envelope["status"] is JsonValue s && s.TryGetValue<string>(out var st) && st != "success";
        if (isError || status is < 200 or >= 300)
            throw new AbacoApiException(status, message.Length > 0 ? message : $"HTTP {status} from {method} {path}");
        return new AbacoReply(envelope["result"]?.DeepClone(), message);
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
