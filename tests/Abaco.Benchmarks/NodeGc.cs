using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Benchmarks;

/// <summary>
/// The node's garbage collections as its <c>/metrics</c> gives them: the time they stopped its threads
/// (<c>abaco_node_gc_pause_seconds_total</c>) and their count by generation (<c>dotnet_collection_count_total</c>).
/// Read before and after a run, it says how long requests of that run could have waited on a paused node.
/// </summary>
public sealed partial record NodeGc(double PauseSeconds, double Gen0, double Gen1, double Gen2)
{
    [GeneratedRegex("""^abaco_node_gc_pause_seconds_total (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex PauseLine();

    [GeneratedRegex("""^dotnet_collection_count_total\{generation="(\d)"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    public static NodeGc Parse(string metrics)
    {
        var pause = PauseLine().Match(metrics) is { Success: true } m ? Number(m.Groups[1].Value) : double.NaN;
        var counts = CountLine().Matches(metrics).ToDictionary(c => c.Groups[1].Value, c => Number(c.Groups[2].Value));
        return new NodeGc(pause, counts.GetValueOrDefault("0"), counts.GetValueOrDefault("1"), counts.GetValueOrDefault("2"));
    }

    /// <summary>
    /// The collections since <paramref name="before"/> over a run of <paramref name="run"/>, as a row's note: how
    /// many (gen2 among them), how long they stopped the node in all and per collection, and that time's share of the
    /// run (a share above 1 % reaches the run's p99).
    /// </summary>
    public string Since(NodeGc before, TimeSpan run)
    {
        var collections = Gen0 - before.Gen0;
        var pausedMs = (PauseSeconds - before.PauseSeconds) * 1000;
        var perCollection = collections > 0 ? pausedMs / collections : 0;
        return $"; GC: {collections:0} collections ({Gen2 - before.Gen2:0} gen2) stopped the node {pausedMs:0} ms in all " +
               $"({perCollection:0.0} ms each, {pausedMs / run.TotalMilliseconds:0.0%} of the run)";
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
