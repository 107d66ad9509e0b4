using System.Globalization;
using System.Text.RegularExpressions;
using Abaco.Testing.Cluster;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// Where a hand-over's time goes: the survivors' log lines that mark each step (the failure detector, the resolver,
/// the leader's removal, the coordinator singleton, the shards), each with its time after the kill, read from the
/// nodes' UTC timestamps. Printed by the node-loss specs so that a slow run says which step was slow.
/// </summary>
internal static class CoreNodeKilledTimeline
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static readonly string[] Markers =
    [
        "UNREACHABLE", "refused 3 connections", "due to quarantine", "SBR found unreachable", "SBR took decision", "SBR is downing", "Leader is removing",
        "Singleton manager starting singleton", "ClusterSingletonManager state change",
        "Member removed", "Sharding Coordinator was moved to the active state", "Recovered ",
    ];

    /// <summary>Akka's own prefix inside a log line: level, time, thread and actor path, each in brackets.</summary>
    private static readonly Regex AkkaPrefix = new(@"^\w+: \S+ (\[[^\]]*\])+ ", RegexOptions.Compiled);

    public static void Print(ITestOutputHelper output, IEnumerable<ClusterNode> survivors, DateTime killedAtUtc)
    {
        var steps = survivors
            .SelectMany(node => node.Output.Split('\n').Select(line => (node.Name, Line: line.TrimEnd())))
            .Select(entry => (entry.Name, entry.Line, At: After(entry.Line, killedAtUtc)))
            .Where(entry => entry.At is { } at && at >= TimeSpan.Zero && at <= Window &&
                            Markers.Any(m => entry.Line.Contains(m, StringComparison.Ordinal)))
            .OrderBy(entry => entry.At)
            .Take(60);
        output.WriteLine($"hand-over steps after the kill at {killedAtUtc:HH:mm:ss.fff} UTC:");
        foreach (var (name, line, at) in steps)
            output.WriteLine($"  +{at!.Value.TotalSeconds,5:0.00} s {name,-8} {Message(line)}");
    }

    private static TimeSpan? After(string line, DateTime killedAtUtc) =>
        line.Length > TimestampFormat.Length && DateTime.TryParseExact(line[..TimestampFormat.Length], TimestampFormat,
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at - killedAtUtc
            : null;

    private static string Message(string line)
    {
        var text = AkkaPrefix.Replace(line[(TimestampFormat.Length + 1)..], "");
        return text.Length <= 160 ? text : text[..160] + "…";
    }
}
