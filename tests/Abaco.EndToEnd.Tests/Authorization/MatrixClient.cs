using System.Net;
using System.Text.Json;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>An answer of any media type (results are bytes, <c>/metrics</c> text, the dashboard HTML).</summary>
public sealed record MatrixAnswer(HttpStatusCode Status, string? MediaType, string Body)
{
    public JsonElement? Envelope { get; } = Parse(Body);

    public string? Message => Envelope is { ValueKind: JsonValueKind.Object } e &&
                              e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
        ? m.GetString()
        : null;

    public string? EnvelopeStatus => Envelope is { ValueKind: JsonValueKind.Object } e &&
                                     e.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
        ? s.GetString()
        : null;

    public JsonElement Result => Envelope!.Value.GetProperty("result");

    public override string ToString() => $"{(int)Status} {MediaType}: {(Body.Length > 600 ? Body[..600] + "..." : Body)}";

    private static JsonElement? Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One caller's connection: its credential header exactly as given, or none (nonces go in the query).</summary>
public sealed class MatrixClient : IDisposable
{
    private readonly HttpClient _http;

    public MatrixClient(Uri baseUrl, string? headerName = null, string? headerValue = null)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (headerName is not null) _http.DefaultRequestHeaders.TryAddWithoutValidation(headerName, headerValue);
    }

    public async Task<MatrixAnswer> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        // Absolute, so that a path with doubled slashes (//actors) is not read as a host name.
        var uri = new Uri(_http.BaseAddress!.GetLeftPart(UriPartial.Authority) + path);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new MatrixAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>Sends and insists on a 200 (for setting the scene up).</summary>
    public async Task<MatrixAnswer> OkAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        var answer = await SendAsync(method, path, content);
        if (answer.Status != HttpStatusCode.OK)
            throw new Xunit.Sdk.XunitException($"Setting up the matrix: {method} {path} answered {answer}");
        return answer;
    }

    public void Dispose() => _http.Dispose();
}
