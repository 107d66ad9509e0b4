using System.Net.Http.Headers;
using System.Text.Json;
using Abaco.Testing;
using TestDocker = Abaco.Testing.Docker;

namespace Abaco.Node.Tests.Telemetry;

/// <summary>
/// A real node with JSON logs, split log files and its OTLP exporter pointed at a stand-in collector on loopback:
/// what an operator shipping logs and traces sees.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ObservedNodeSpecs(ObservedNode observed) : IClassFixture<ObservedNode>
{
    private static readonly TimeSpan ExportDeadline = TimeSpan.FromSeconds(60);
    private static readonly string[] MessagePath =
    [
        "abaco.entity.accept", "abaco.entity.dispatch", "abaco.worker.execution", "abaco.container.create",
        "abaco.container.start", "abaco.container.run",
    ];
    private const int ServerKind = 2; // SPAN_KIND_SERVER

    private readonly OtlpReceiver _collector = observed.Collector;
    private readonly AbacoNode _node = observed.Node;

    [Fact(DisplayName = "One message's spans share one trace id from its HTTP request to its container's run, and the container sees it")]
    public async Task OneTrace()
    {
        using var client = new AbacoClient(_node.BaseUrl);
        var actor = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var caller = new TraceCaller();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/actors/{actor}/messages")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "traced" }),
        };
        request.Headers.Add("traceparent", caller.TraceParent);
        var execution = (await client.SendAsync(request)).Result.GetProperty("execution_id").GetString()!;
        await client.WaitCompleteAsync(actor, execution);

        var logs = await client.LogsAsync(actor, execution);
        Assert.Contains($"_abaco_trace_id={caller.TraceId}", logs);
        Assert.Contains($"TRACEPARENT=00-{caller.TraceId}-", logs);
        Assert.Contains($"_abaco_execution_id={execution}", logs); // the original's variables are still there
        await Eventually.TrueAsync(() => Task.FromResult(MessagePath.All(name => InTrace(caller.TraceId).Any(s => s.Name == name))),
            ExportDeadline, $"the spans {string.Join(", ", MessagePath)} of trace {caller.TraceId} to be exported; " +
                            $"received: {string.Join(", ", _collector.Spans.Select(s => $"{s.Name}@{s.TraceId}"))}");
        var spans = InTrace(caller.TraceId);
        var http = Assert.Single(spans, s => s.Kind == ServerKind);
        Assert.Equal(caller.SpanId, http.ParentSpanId);
        // Each step is a child of the one before: request → accept and dispatch → worker → container.
        Assert.Equal(http.SpanId, Named(spans, "abaco.entity.accept").ParentSpanId);
        Assert.Equal(http.SpanId, Named(spans, "abaco.entity.dispatch").ParentSpanId);
        var worker = Named(spans, "abaco.worker.execution");
        Assert.Equal(Named(spans, "abaco.entity.dispatch").SpanId, worker.ParentSpanId);
        Assert.All(new[] { "abaco.container.create", "abaco.container.start", "abaco.container.run" },
            name => Assert.Equal(worker.SpanId, Named(spans, name).ParentSpanId));
        Assert.Contains($"TRACEPARENT=00-{caller.TraceId}-{worker.SpanId}-", logs);
    }

    [Fact(DisplayName = "With logs.format = json every line the node prints is one JSON object with the documented fields, Akka's too")]
    public async Task JsonLines()
    {
        using var client = new AbacoClient(_node.BaseUrl);
        await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var lines = _node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.NotEmpty(lines);
        var events = lines.Select(line => ParseObject(line, "the node's output")).ToList();
        Assert.All(events, HasDocumentedFields);
        Assert.All(events, e => Assert.Equal(_node.HostId, e.GetProperty("host_id").GetString()));
        Assert.Contains(events, e => e.GetProperty("category").GetString()!.StartsWith("Akka", StringComparison.Ordinal));
        Assert.Contains(events, e => e.GetProperty("message").GetString()!.StartsWith("Now listening on: http://", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "With logs.files = split the lines also go to one file per part under data_dir/logs, in the same format")]
    public async Task SplitFiles()
    {
        var directory = Path.Combine(_node.DataDir, "logs");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(directory, "core.log"))),
            TimeSpan.FromSeconds(10), "core.log to be written");
        foreach (var file in Directory.GetFiles(directory, "*.log"))
        {
            var lines = (await ReadSharedAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line =>
            {
                var e = ParseObject(line, file);
                Assert.Equal(Path.GetFileName(file), LogFileName(e.GetProperty("category").GetString()!));
            });
        }
        Assert.Contains("Akka", await ReadSharedAsync(Path.Combine(directory, "core.log")));
    }

    private static string LogFileName(string category) => Abaco.Node.Telemetry.LogFileProvider.FileOf(category);

    private static async Task<string> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync();
        // The writer may be mid-line: only whole lines count.
        return text[..(text.LastIndexOf('\n') + 1)];
    }

    private List<ReceivedSpan> InTrace(string traceId) => _collector.Spans.Where(s => s.TraceId == traceId).ToList();

    private static ReceivedSpan Named(List<ReceivedSpan> spans, string name) => Assert.Single(spans, s => s.Name == name);

    private static JsonElement ParseObject(string line, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"A line of {where} is not JSON ({e.Message}): {line}");
        }
    }

    private static void HasDocumentedFields(JsonElement e)
    {
        foreach (var field in new[] { "timestamp", "level", "category", "message", "exception", "host_id", "trace_id", "span_id", "state", "scopes" })
            Assert.True(e.TryGetProperty(field, out _), $"no {field} in {e.GetRawText()}");
        Assert.True(DateTimeOffset.TryParse(e.GetProperty("timestamp").GetString(), out _), e.GetRawText());
    }

    /// <summary>The span of a caller that sends its own W3C traceparent header.</summary>
    private sealed class TraceCaller
    {
        public string TraceId { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        public string SpanId { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);
        public string TraceParent => $"00-{TraceId}-{SpanId}-01";
    }
}

/// <summary>The stand-in collector and the node exporting to it, shared by the specs of <see cref="ObservedNodeSpecs"/>.</summary>
public sealed class ObservedNode : IAsyncLifetime
{
    public OtlpReceiver Collector { get; } = new();
    public AbacoNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await AbacoNode.StartAsync($"""
        abaco.logs.format = json
        abaco.logs.files = split
        abaco.telemetry.otlp_endpoint = "{Collector.Endpoint}"
        abaco.telemetry.otlp_protocol = "http/protobuf"
        """);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await TestDocker.RemoveContainersAsync($"abaco.host_id={Node.HostId}");
        await Collector.DisposeAsync();
    }
}
