using ScottPlot;

namespace Abaco.Benchmarks;

/// <summary>The bench's pictures: latency distributions (one curve per measure) and accept throughput over time.</summary>
public static class BenchPlots
{
    private const int Width = 900;
    private const int Height = 500;
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(250);

    public static IEnumerable<string> Write(BenchReport report, string directory)
    {
        if (report.Distributions.Count > 0)
            yield return Distributions(report.Distributions, Path.Combine(directory, "latency.png"));
        if (report.Completions.Count > 0)
            yield return Throughput(report.Completions, Path.Combine(directory, "throughput.png"));
    }

    /// <summary>
    /// Each measure as a cumulative distribution on a log-scaled time axis: where a curve reaches 0.5 is its p50,
    /// where it reaches 0.99 its p99, and a long tail shows as a curve that creeps right at the top.
    /// </summary>
    private static string Distributions(Dictionary<string, Stats> series, string path)
    {
        var plot = new Plot();
        foreach (var (name, stats) in series.Where(s => s.Value.Count > 0))
        {
            var xs = stats.SortedMs.Select(ms => Math.Log10(Math.Max(ms, 0.01))).ToArray();
            var ys = Enumerable.Range(1, xs.Length).Select(i => (double)i / xs.Length).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = $"{name} (n={stats.Count})";
            line.LineWidth = 2;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = value => $"{Math.Pow(10, value):0.#}",
        };
        plot.Title("Latency distributions (cumulative)");
        plot.XLabel("milliseconds (log scale)");
        plot.YLabel("fraction of requests at or below");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>Requests completed per second, in 250 ms buckets, over each sustained run.</summary>
    private static string Throughput(Dictionary<string, List<TimeSpan>> series, string path)
    {
        var plot = new Plot();
        foreach (var (name, completions) in series.Where(s => s.Value.Count > 0))
        {
            var buckets = (int)Math.Ceiling(completions.Max().TotalMilliseconds / Bucket.TotalMilliseconds);
            var counts = new double[buckets];
            foreach (var at in completions)
                counts[Math.Min((int)(at.TotalMilliseconds / Bucket.TotalMilliseconds), buckets - 1)]++;
            var xs = Enumerable.Range(0, buckets).Select(i => i * Bucket.TotalSeconds).ToArray();
            var ys = counts.Select(c => c / Bucket.TotalSeconds).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = name;
            line.LineWidth = 2;
        }
        plot.Title("Message accept throughput over time");
        plot.XLabel("seconds into the run");
        plot.YLabel("messages accepted per second");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
