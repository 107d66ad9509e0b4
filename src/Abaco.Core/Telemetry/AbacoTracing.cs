using System.Diagnostics;
using Abaco.Core.Messages;

namespace Abaco.Core.Telemetry;

/// <summary>
/// The spans of a message's life (API → entity → worker → container). The trace context crosses actors and nodes
/// as a W3C <c>traceparent</c> string on the message (<see cref="QueuedMessage.TraceParent"/>), never through
/// <see cref="Activity.Current"/>: an actor's span ends in a later message, on whatever thread runs it.
/// </summary>
public static class AbacoTracing
{
    /// <summary>The name exporters listen to.</summary>
    public const string SourceName = "Abaco";

    public const string ExecutionIdTag = "abaco.execution_id";
    public const string ActorDbIdTag = "abaco.actor_dbid";
    public const string WorkerIdTag = "abaco.worker_id";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A span child of <paramref name="traceParent"/> (a new trace when it is null or malformed), tagged with the
    /// execution and actor; null when nothing listens. It is not made <see cref="Activity.Current"/> of the caller.
    /// </summary>
    public static Activity? Start(string name, string? traceParent, string executionId, string actorDbId)
    {
        var previous = Activity.Current;
        // A missing parent must give a new trace, not whatever span the calling thread last saw.
        Activity.Current = null;
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var span = Source.StartActivity(name, ActivityKind.Internal, parent);
        span?.SetTag(ExecutionIdTag, executionId);
        span?.SetTag(ActorDbIdTag, actorDbId);
        Activity.Current = previous;
        return span;
    }

    /// <summary>Runs <paramref name="call"/> with <paramref name="span"/> current, so spans it starts (and awaits in it) are its children.</summary>
    public static T Within<T>(Activity? span, Func<T> call)
    {
        var previous = Activity.Current;
        Activity.Current = span;
        try
        {
            return call();
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <summary>Ends <paramref name="span"/> as failed with <paramref name="reason"/>.</summary>
    public static void Fail(this Activity? span, string reason)
    {
        span?.SetStatus(ActivityStatusCode.Error, reason);
        span?.Dispose();
    }

    /// <summary>The message carrying <paramref name="span"/> as its trace context (unchanged when there is no span).</summary>
    public static QueuedMessage Carrying(this QueuedMessage message, Activity? span) =>
        span is { IdFormat: ActivityIdFormat.W3C } ? message with { TraceParent = span.Id } : message;

    /// <summary>The 32 hex digits of the trace a W3C <c>traceparent</c> names; null when it is not one.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;
}
