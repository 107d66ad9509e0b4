using System.Diagnostics;
using Prometheus;

namespace Abaco.Metrics;

/// <summary>Observes the seconds since a <see cref="Stopwatch.GetTimestamp"/>, so a timed call stays one line.</summary>
public static class Elapsed
{
    public static void ObserveSince(this Histogram.Child histogram, long startTimestamp) =>
        histogram.Observe(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    /// <summary>A container operation: <c>create</c>, <c>start</c>, <c>run</c> or <c>remove</c>.</summary>
    public static void Container(string operation, long startTimestamp) =>
        AbacoMetrics.ContainerOperations.WithLabels(operation).ObserveSince(startTimestamp);
}
