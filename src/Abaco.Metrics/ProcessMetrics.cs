using Prometheus;
using Prom = Prometheus.Metrics;

namespace Abaco.Metrics;

/// <summary>
/// The process and .NET runtime metrics prometheus-net collects by default (<c>process_*</c>, <c>dotnet_*</c>), the
/// managed heap after the last GC and the time collections have stopped the node's threads, read at each scrape.
/// Event counters and the System.Diagnostics.Metrics adapter are off: they would export ASP.NET Core's own HTTP
/// meters a second time, with a series per route and address.
/// </summary>
internal static class ProcessMetrics
{
    internal static bool ChooseDefaults()
    {
        Prom.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressEventCounters = true,
            SuppressMeters = true,
            SuppressDebugMetrics = true,
        });
        var gcHeap = Prom.CreateGauge("abaco_node_gc_heap_bytes", "The managed heap of this node after its last GC.");
        var gcPause = Prom.CreateCounter("abaco_node_gc_pause_seconds_total",
            "The time this node's threads were stopped by garbage collections since it started.");
        Prom.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            gcHeap.Set(HeapBytes());
            gcPause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        });
        return true;
    }

    // Before the process's first collection there is no "after the last GC" (the GC reports 0): the heap as it is.
    private static long HeapBytes()
    {
        var info = GC.GetGCMemoryInfo();
        return info.Index == 0 ? GC.GetTotalMemory(forceFullCollection: false) : info.HeapSizeBytes;
    }
}
