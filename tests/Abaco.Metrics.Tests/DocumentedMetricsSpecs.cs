using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Abaco.Metrics;
using Prometheus;

namespace Abaco.Metrics.Tests;

/// <summary>docs/metrics.md and the Grafana dashboard stay true to the metrics the node defines.</summary>
public sealed partial class DocumentedMetricsSpecs
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Abaco.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Abaco.sln) was not found.");
    }

    private static string Documentation => File.ReadAllText(Path.Combine(RepoRoot, "docs", "metrics.md"));

    [GeneratedRegex(@"\b((?:abaco|http|process|dotnet)_[a-z_]+?)(?:_bucket|_count|_sum)?\b")]
    private static partial Regex MetricName();

    [Fact(DisplayName = "Every Abaco metric is documented in docs/metrics.md with its type")]
    public void Every_metric_documented()
    {
        var docs = Documentation;
        var metrics = typeof(AbacoMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<Collector>().ToList();

        Assert.NotEmpty(metrics);
        foreach (var metric in metrics)
        {
            var type = metric switch { Counter => "counter", Gauge => "gauge", Histogram => "histogram", _ => "?" };
            Assert.Contains($"| `{metric.Name}` | {type} |", docs);
        }
        Assert.Contains("| `abaco_node_gc_heap_bytes` | gauge |", docs);
    }

    [Fact(DisplayName = "The Grafana dashboard queries only documented metrics, and shows latency per route, accepts, executions, queue depth, containers and cluster members")]
    public void Dashboard_uses_documented_metrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "docker", "grafana", "abaco.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!).ToList();
        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Groups[1].Value)).ToHashSet();

        var docs = Documentation;
        Assert.All(used, name => Assert.Contains($"`{name}", docs));
        Assert.Contains("http_request_duration_seconds", used);
        Assert.Contains(expressions, e => e.Contains("by (le, method, endpoint)", StringComparison.Ordinal));
        foreach (var wanted in new[] { "abaco_messages_accepted_total", "abaco_executions_total", "abaco_queued_messages",
                     "abaco_container_operation_seconds", "abaco_cluster_members" })
            Assert.Contains(wanted, used);
    }
}
