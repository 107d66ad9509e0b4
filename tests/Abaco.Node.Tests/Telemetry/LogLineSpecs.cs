using System.Diagnostics;
using System.Text.Json;
using Abaco.Core.Settings;
using Abaco.Node.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Abaco.Node.Tests.Telemetry;

/// <summary>The JSON and text lines of the node's log, and where <c>logs.files</c> puts them.</summary>
public sealed class LogLineSpecs
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 1, 2, 3, 456, TimeSpan.Zero);

    private static LogEntry<FormattedState> Entry(LogLevel level, Exception? exception = null) => new(level,
        "Abaco.Runtime.Workers.WorkerActor", new EventId(7), new FormattedState("Execution {ExecutionId} took {Seconds} s",
            ("ExecutionId", "e1"), ("Seconds", 2.5)), exception, (state, _) => state.ToString());

    [Fact(DisplayName = "A JSON line holds the event's time, level, category, message, structured values, scopes and host id")]
    public void JsonFields()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var _ = scopes.Push(new Dictionary<string, object?> { ["ActorDbId"] = "DEV_a1" });

        var line = LogLine.Json(Entry(LogLevel.Warning), scopes, "host-1", At);

        Assert.DoesNotContain('\n', line);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("2026-12-07T01:02:03.456Z", json.GetProperty("timestamp").GetString());
        Assert.Equal("WARNING", json.GetProperty("level").GetString());
        Assert.Equal("Abaco.Runtime.Workers.WorkerActor", json.GetProperty("category").GetString());
        Assert.Equal("Execution e1 took 2.5 s", json.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("exception").ValueKind);
        Assert.Equal("host-1", json.GetProperty("host_id").GetString());
        Assert.Equal(7, json.GetProperty("event_id").GetInt32());
        Assert.Equal("e1", json.GetProperty("state").GetProperty("ExecutionId").GetString());
        Assert.Equal(2.5, json.GetProperty("state").GetProperty("Seconds").GetDouble());
        Assert.Equal("Execution {ExecutionId} took {Seconds} s", json.GetProperty("state").GetProperty("{OriginalFormat}").GetString());
        Assert.Equal("DEV_a1", Assert.Single(json.GetProperty("scopes").EnumerateArray()).GetProperty("ActorDbId").GetString());
    }

    [Fact(DisplayName = "A JSON line names the trace and span it was logged in, and null outside one")]
    public void JsonTrace()
    {
        var outside = JsonDocument.Parse(LogLine.Json(Entry(LogLevel.Information), null, "h", At)).RootElement;
        using var span = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var inside = JsonDocument.Parse(LogLine.Json(Entry(LogLevel.Information), null, "h", At)).RootElement;

        Assert.Equal(JsonValueKind.Null, outside.GetProperty("trace_id").ValueKind);
        Assert.Equal(span.TraceId.ToHexString(), inside.GetProperty("trace_id").GetString());
        Assert.Equal(span.SpanId.ToHexString(), inside.GetProperty("span_id").GetString());
    }

    [Fact(DisplayName = "An exception stays inside its one JSON line; in a text line it follows on lines of its own")]
    public void Exceptions()
    {
        var error = Thrown();

        var json = LogLine.Json(Entry(LogLevel.Error, error), null, "h", At);
        var text = LogLine.Text(Entry(LogLevel.Error, error), At);

        Assert.DoesNotContain('\n', json);
        Assert.Contains("the daemon went away", JsonDocument.Parse(json).RootElement.GetProperty("exception").GetString());
        Assert.StartsWith("2026-12-07 01:02:03.456 ERROR    Abaco.Runtime.Workers.WorkerActor: Execution e1 took 2.5 s" +
                          Environment.NewLine + "System.InvalidOperationException: the daemon went away", text);
    }

    [Theory(DisplayName = "Split log files follow the original's services: api, spawner, worker, and core for the rest")]
    [InlineData("Abaco.Api.Routes.MessageRoutes", "api.log")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", "api.log")]
    [InlineData("Abaco.Runtime.Spawner.SpawnerActor", "spawner.log")]
    [InlineData("Abaco.Runtime.Workers.WorkerActor", "worker.log")]
    [InlineData("Abaco.Containers.DockerContainerRuntime", "worker.log")]
    [InlineData("Abaco.Runtime.Actors.ActorEntity", "core.log")]
    [InlineData("Akka.Cluster.Cluster", "core.log")]
    [InlineData("Microsoft.Hosting.Lifetime", "core.log")]
    public void SplitFiles(string category, string file) => Assert.Equal(file, LogFileProvider.FileOf(category));

    [Fact(DisplayName = "logs.files = combined writes every category's lines to abaco.log under data_dir/logs")]
    public void Combined()
    {
        var dataDir = Directory.CreateTempSubdirectory("abaco-logs-").FullName;
        try
        {
            var settings = new LogSettings("INFO", System.Collections.Immutable.ImmutableDictionary<string, string>.Empty) { Format = LogFormat.Text, Files = LogFiles.Combined };
            using (var factory = LoggerFactory.Create(logging => NodeLogging.Configure(logging, settings, "h", dataDir)))
            {
                factory.CreateLogger("Abaco.Api.Routes").LogInformation("from the api");
                factory.CreateLogger("Abaco.Runtime.Workers.WorkerActor").LogWarning("from a worker");
                factory.CreateLogger("Abaco.Runtime.Workers.WorkerActor").LogDebug("below the level");
            }

            var lines = File.ReadAllLines(Path.Combine(dataDir, "logs", "abaco.log"));
            Assert.Equal(2, lines.Length);
            Assert.EndsWith("INFO     Abaco.Api.Routes: from the api", lines[0]);
            Assert.EndsWith("WARNING  Abaco.Runtime.Workers.WorkerActor: from a worker", lines[1]);
            Assert.Equal(["abaco.log"], Directory.GetFiles(Path.Combine(dataDir, "logs")).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("the daemon went away");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    /// <summary>A structured log state as the logging source generator makes one.</summary>
    private sealed class FormattedState(string template, params (string Name, object? Value)[] values)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _pairs =
            [.. values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value)), new("{OriginalFormat}", template)];

        public int Count => _pairs.Count;
        public KeyValuePair<string, object?> this[int index] => _pairs[index];
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _pairs.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => values.Aggregate(template, (text, v) =>
            text.Replace("{" + v.Name + "}", Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
