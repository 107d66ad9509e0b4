using Prometheus;
using Prom = Prometheus.Metrics;

namespace Abaco.Metrics;

/// <summary>The scrape: every metric of the default registry in the Prometheus text format.</summary>
public static class MetricsExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static Task WriteAsync(Stream to, CancellationToken ct) =>
        AbacoMetrics.Ready ? Prom.DefaultRegistry.CollectAndExportAsTextAsync(to, ct) : Task.CompletedTask;
}
