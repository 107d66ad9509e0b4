using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Abaco.EndToEnd.Tests;

/// <summary>An answer read off the wire: the status and the body as text (the envelope when it is JSON).</summary>
public sealed record WireAnswer(int Status, string Body)
{
    public JsonElement? Envelope
    {
        get
        {
            try
            {
                var root = JsonDocument.Parse(Body).RootElement.Clone();
                return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out _) &&
                       root.TryGetProperty("message", out _)
                    ? root
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public string? Message => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("message", out var m)
        ? m.GetString()
        : null;

    public JsonElement Result => Envelope!.Value.GetProperty("result");

    public override string ToString() => $"{Status} {(Body.Length > 300 ? Body[..300] + "..." : Body)}";
}

/// <summary>
/// HTTP/1.1 over a plain socket, the request target sent byte for byte: <see cref="HttpClient"/> and
/// <see cref="Uri"/> merge dot segments and unescape letters, which is exactly what the path specs must not have
/// done for them.
/// </summary>
public static class WireHttp
{
    public static async Task<WireAnswer> SendAsync(Uri server, string method, string target,
        IEnumerable<KeyValuePair<string, string>>? headers = null, byte[]? body = null, string? contentType = null)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = client.GetStream();

        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? []) head.Append($"{name}: {value}\r\n");
        if (contentType is not null) head.Append($"Content-Type: {contentType}\r\n");
        if (body is not null || method is "POST" or "PUT") head.Append($"Content-Length: {body?.Length ?? 0}\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), timeout.Token);
        if (body is not null) await stream.WriteAsync(body, timeout.Token);

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, timeout.Token);
        return Parse(buffer.ToArray());
    }

    private static WireAnswer Parse(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new InvalidOperationException($"Not an HTTP response: {text}");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var chunked = lines.Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) &&
                                     l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var payload = response.AsSpan(end + 4).ToArray();
        if (chunked) payload = Dechunk(payload);
        return new WireAnswer(status, Encoding.UTF8.GetString(payload));
    }

    private static byte[] Dechunk(byte[] data)
    {
        using var output = new MemoryStream();
        var i = 0;
        while (i < data.Length)
        {
            var lineEnd = IndexOf(data, i);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(data, i, lineEnd - i).Split(';')[0].Trim(), 16);
            if (size == 0) break;
            output.Write(data, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return output.ToArray();
    }

    private static int IndexOf(byte[] data, int from)
    {
        for (var i = from; i + 1 < data.Length; i++)
            if (data[i] == '\r' && data[i + 1] == '\n') return i;
        return data.Length;
    }
}
