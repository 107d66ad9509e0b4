namespace Abaco.Benchmarks;

/// <summary>Percentiles of a set of durations (nearest rank).</summary>
public sealed record Stats(IReadOnlyList<double> SortedMs)
{
    public static Stats Of(IEnumerable<TimeSpan> samples) =>
        new(samples.Select(s => s.TotalMilliseconds).OrderBy(x => x).ToList());

    public double Percentile(double p) =>
        SortedMs.Count == 0 ? double.NaN : SortedMs[Math.Clamp((int)Math.Ceiling(p / 100 * SortedMs.Count) - 1, 0, SortedMs.Count - 1)];

    public double P50 => Percentile(50);
    public double P99 => Percentile(99);
    public int Count => SortedMs.Count;
}
