using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Abaco.Cli.Tests;

/// <summary>One request as the server received it.</summary>
public sealed record ReceivedRequest(
    string Method,
    string RawUrl,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>What the server answers.</summary>
public sealed record CannedResponse(int Status, string Body, string ContentType = "application/json")
{
    public static CannedResponse Ok(JsonNode? result, string message = "Done.") => new(200, new JsonObject
    {
        ["result"] = result,
        ["status"] = "success",
        ["version"] = "1.0.0",
        ["message"] = message,
    }.ToJsonString());

    public static CannedResponse Error(int status, string message) => new(status, new JsonObject
    {
        ["result"] = null,
        ["status"] = "error",
        ["version"] = "1.0.0",
        ["message"] = message,
    }.ToJsonString());
}

/// <summary>
/// A real HTTP server on a free loopback port that records every request and answers with canned Abaco envelopes,
/// so the command line is exercised over real sockets without an Abaco behind it.
/// </summary>
public sealed class CannedAbaco : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Func<ReceivedRequest, CancellationToken, Task<CannedResponse>> _respond;

    public CannedAbaco(Func<ReceivedRequest, CannedResponse> respond)
        : this((request, _) => Task.FromResult(respond(request)))
    {
    }

    public CannedAbaco(Func<ReceivedRequest, CancellationToken, Task<CannedResponse>> respond)
    {
        _respond = respond;
        (_listener, Url) = StartOnFreePort();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; }

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    public ReceivedRequest SingleRequest => Assert.Single(Requests);

    /// <summary>A port nothing listens on (taken from the OS, then released).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static (HttpListener, string) StartOnFreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort()}";
            var listener = new HttpListener();
            listener.Prefixes.Add(url + "/");
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Someone took the port between probing and listening: try another.
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, request.ContentEncoding))
                body = await reader.ReadToEndAsync();
            var headers = request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k]!);
            var received = new ReceivedRequest(request.HttpMethod, request.RawUrl ?? "", headers, request.ContentType, body);
            _requests.Enqueue(received);

            var canned = await _respond(received, _stopping.Token);
            var bytes = Encoding.UTF8.GetBytes(canned.Body);
            context.Response.StatusCode = canned.Status;
            context.Response.ContentType = canned.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            // The server is stopping (or the client went away).
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stopping.Dispose();
    }
}
