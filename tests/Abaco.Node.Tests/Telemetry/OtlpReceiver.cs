using System.Collections.Concurrent;
using System.Net;
using Abaco.Testing;
using Google.Protobuf;

namespace Abaco.Node.Tests.Telemetry;

/// <summary>One span as an OTLP collector receives it.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind);

/// <summary>
/// A stand-in OTLP/HTTP collector on loopback: it answers every POST to <c>/v1/traces</c> and keeps the spans of the
/// <c>ExportTraceServiceRequest</c>, read by field number (resource_spans = 1, scope_spans = 2, spans = 2; a span's
/// trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _serving;

    public OtlpReceiver()
    {
        Endpoint = $"http://127.0.0.1:{Ports.Free()}/";
        _listener.Prefixes.Add(Endpoint);
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The collector's address (the exporter adds <c>/v1/traces</c>).</summary>
    public string Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToArray();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (HttpListenerException)
        {
            // Stopping ends the pending GetContextAsync.
        }
        catch (ObjectDisposedException)
        {
        }
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
                foreach (var span in Decode(body.ToArray())) _spans.Enqueue(span);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public static IEnumerable<ReceivedSpan> Decode(byte[] request) =>
        from resourceSpans in Fields(request, 1)
        from scopeSpans in Fields(resourceSpans, 2)
        from span in Fields(scopeSpans, 2)
        select Span(span);

    private static ReceivedSpan Span(byte[] span)
    {
        string? traceId = null, spanId = null, parent = null, name = null;
        var kind = 0;
        var input = new CodedInputStream(span);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parent = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new ReceivedSpan(traceId ?? "", spanId ?? "", parent ?? "", name ?? "", kind);
    }

    /// <summary>The length-delimited values of field <paramref name="number"/> of a message.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var input = new CodedInputStream(message);
        var values = new List<byte[]>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number &&
                WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                values.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return values;
    }
}
