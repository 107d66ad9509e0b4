using System.Diagnostics;
using Abaco.Core.Executions;
using Abaco.Core.Telemetry;

namespace Abaco.Core.Tests.Telemetry;

/// <summary>
/// The trace context a message carries (a W3C traceparent) and what becomes of it: child spans of the same trace,
/// and the container variables <c>_abaco_trace_id</c> and <c>TRACEPARENT</c>.
/// </summary>
public sealed class TraceContextSpecs : IDisposable
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Parent = $"00-{TraceId}-00f067aa0ba902b7-01";

    // Spans exist only while something listens, as the node's tracer does.
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == AbacoTracing.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public TraceContextSpecs() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    [Fact(DisplayName = "A span started from a message's traceparent continues its trace as a child of that span")]
    public void ChildOfTheCarriedSpan()
    {
        using var span = AbacoTracing.Start("abaco.entity.accept", Parent, "e1", "DEV_a1")!;

        Assert.Equal(TraceId, span.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", span.ParentSpanId.ToHexString());
        Assert.Equal("e1", span.GetTagItem(AbacoTracing.ExecutionIdTag));
        Assert.Equal("DEV_a1", span.GetTagItem(AbacoTracing.ActorDbIdTag));
    }

    [Fact(DisplayName = "A message without a trace (cron) starts a new one, not a child of whatever span the thread last ran")]
    public void NewTraceWithoutParent()
    {
        using var unrelated = new Activity("unrelated").Start();

        using var span = AbacoTracing.Start("abaco.entity.accept", null, "e1", "DEV_a1")!;

        Assert.NotEqual(unrelated.TraceId, span.TraceId);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Same(unrelated, Activity.Current); // and the caller's current span is left alone
    }

    [Fact(DisplayName = "A message carried on from a span names that span as the next one's parent")]
    public void CarriedOn()
    {
        using var dispatch = AbacoTracing.Start("abaco.entity.dispatch", Parent, "e1", "DEV_a1")!;

        var message = Samples.Message("e1").Carrying(dispatch);
        using var worker = AbacoTracing.Start("abaco.worker.execution", message.TraceParent, "e1", "DEV_a1")!;

        Assert.Equal($"00-{TraceId}-{dispatch.SpanId.ToHexString()}-01", message.TraceParent);
        Assert.Equal(dispatch.SpanId, worker.ParentSpanId);
        Assert.Equal(TraceId, worker.TraceId.ToHexString());
    }

    [Fact(DisplayName = "The container of a traced message gets _abaco_trace_id and TRACEPARENT; the original's variables are unchanged")]
    public void ContainerVariables()
    {
        var message = Samples.Message("e1") with { TraceParent = Parent };

        var env = ContainerEnvironment.Compose(Samples.Actor(), message, "w1");

        Assert.Equal(TraceId, env["_abaco_trace_id"]);
        Assert.Equal(Parent, env["TRACEPARENT"]);
        var untraced = ContainerEnvironment.Compose(Samples.Actor(), Samples.Message("e1"), "w1");
        Assert.Equal(untraced, env.Remove("_abaco_trace_id").Remove("TRACEPARENT"));
    }

    [Theory(DisplayName = "A message without a valid trace gives its container no trace variables")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    public void NoTraceNoVariables(string? traceParent)
    {
        var env = ContainerEnvironment.Compose(Samples.Actor(), Samples.Message("e1") with { TraceParent = traceParent }, "w1");

        Assert.False(env.ContainsKey("_abaco_trace_id"));
        Assert.False(env.ContainsKey("TRACEPARENT"));
    }

    [Fact(DisplayName = "A TRACEPARENT query parameter is the message's own variable, replaced when the message is traced")]
    public void TraceWins()
    {
        var message = Samples.Message("e1") with
        {
            Environment = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("TRACEPARENT", "mine"),
        };

        Assert.Equal("mine", ContainerEnvironment.Compose(Samples.Actor(), message, "w1")["TRACEPARENT"]);
        Assert.Equal(Parent, ContainerEnvironment.Compose(Samples.Actor(), message with { TraceParent = Parent }, "w1")["TRACEPARENT"]);
    }
}
