using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Benchmarks;

/// <summary>
/// What a bench run found: the table a reader sees, the headline figures scripts read
/// (<c>artifacts/bench/latest.json</c>) and the samples behind the plots.
/// </summary>
public sealed class BenchReport
{
    /// <summary>The keys <c>latest.json</c> always has; a figure this run did not measure is written as null.</summary>
    public static readonly string[] HeadlineKeys =
    [
        "accept_p50_ms", "accept_p99_ms", "cold_ratio_p50", "cold_shaped_ratio_p50", "parallel_ratio", "warm_exec_per_s",
        "warm_added_p50_ms", "logs_ready_p99_ms", "reads_per_s", "reads_p99_ms",
    ];

    private readonly Dictionary<string, double?> _figures = HeadlineKeys.ToDictionary(k => k, _ => (double?)null);

    public List<string> Table { get; } =
    [
        "| profile | measure | n | p50 ms | p99 ms | rate / ratio |",
        "|---|---|---|---|---|---|",
    ];

    /// <summary>Latency samples by series name, for the distribution plot.</summary>
    public Dictionary<string, Stats> Distributions { get; } = [];

    /// <summary>Completion times of the sustained accept runs by series name, for the throughput-over-time plot.</summary>
    public Dictionary<string, List<TimeSpan>> Completions { get; } = [];

    public void Row(string line) => Table.Add(line);

    /// <summary>Sets a headline figure (NaN or infinity become null: JSON has no such numbers).</summary>
    public void Figure(string key, double value) =>
        _figures[key] = double.IsFinite(value) ? Math.Round(value, 3) : null;

    public double? this[string key] => _figures.GetValueOrDefault(key);

    /// <summary>Writes latest.json, latest.md and the plots under <paramref name="directory"/>; returns the paths.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string directory, string machine)
    {
        Directory.CreateDirectory(directory);
        var json = new JsonObject { ["ran_at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), ["machine"] = machine };
        foreach (var (key, value) in _figures) json[key] = value;
        json["table"] = new JsonArray(Table.Select(line => (JsonNode)line).ToArray());
        var jsonPath = Path.Combine(directory, "latest.json");
        await File.WriteAllTextAsync(jsonPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var mdPath = Path.Combine(directory, "latest.md");
        await File.WriteAllLinesAsync(mdPath, [$"Machine: {machine}", "", .. Table]);
        return [jsonPath, mdPath, .. BenchPlots.Write(this, directory)];
    }
}
