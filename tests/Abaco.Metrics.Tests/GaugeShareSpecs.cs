using Abaco.Metrics;
using Prometheus;

namespace Abaco.Metrics.Tests;

public sealed class GaugeShareSpecs
{
    // A registry of its own per test: the node's default registry is shared by the whole process.
    private static Gauge NewGauge(params string[] labels) =>
        Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())
            .CreateGauge("test_gauge", "A gauge of one test.", new GaugeConfiguration { LabelNames = labels });

    [Fact(DisplayName = "Shares add up in the node-wide gauge, and a cleared share takes only its own part out")]
    public void Shares_sum_and_clear()
    {
        var gauge = NewGauge();
        var first = new GaugeShare(gauge);
        var second = new GaugeShare(gauge);

        first.Set(3);
        second.Set(2);
        first.Set(1);
        Assert.Equal(3, gauge.Value);

        first.Clear();
        Assert.Equal(2, gauge.Value);
        first.Clear();
        Assert.Equal(2, gauge.Value);
    }

    [Fact(DisplayName = "A status share counts its owner once, under its current status only, and nowhere once cleared")]
    public void Status_moves_between_labels()
    {
        var gauge = NewGauge("status");
        var worker = new StatusShare(gauge);
        var other = new StatusShare(gauge);

        worker.Set("READY");
        other.Set("READY");
        worker.Set("BUSY");
        worker.Set("BUSY");
        Assert.Equal(1, gauge.WithLabels("READY").Value);
        Assert.Equal(1, gauge.WithLabels("BUSY").Value);

        worker.Clear();
        Assert.Equal(0, gauge.WithLabels("BUSY").Value);
        Assert.Equal(1, gauge.WithLabels("READY").Value);
    }

    [Fact(DisplayName = "A scrape is the Prometheus text format, with the node's GC heap and pause time the benches read")]
    public async Task Exposition_has_the_heap_gauge()
    {
        AbacoMetrics.MessagesAccepted.Inc();
        using var body = new MemoryStream();

        await MetricsExposition.WriteAsync(body, CancellationToken.None);

        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        Assert.Matches(@"(?m)^abaco_node_gc_heap_bytes [1-9]\d*$", text);
        Assert.Matches(@"(?m)^abaco_node_gc_pause_seconds_total \d", text);
        Assert.Contains("# TYPE abaco_messages_accepted_total counter\n", text);
        Assert.StartsWith("text/plain; version=0.0.4", MetricsExposition.ContentType);
    }
}
