using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Benchmarks;

/// <summary>
/// The node's <c>abaco_warm_execution_step_seconds</c> (its warm workers time their steps and the runner's, see
/// docs/warm-execution.md), read from <c>/metrics</c> before and after a phase: the mean of each step in between.
/// </summary>
public sealed partial class WarmSteps
{
    private const string Metric = "abaco_warm_execution_step_seconds";
    private readonly Dictionary<string, (double Sum, double Count)> _steps;

    private WarmSteps(Dictionary<string, (double Sum, double Count)> steps) => _steps = steps;

    /// <summary>The workers' steps, each in the order an execution goes through them.</summary>
    public static readonly string[] Worker = ["handover", "prepare", "before_request", "to_runner", "runner_before_fork",
        "runner_fork_to_exit", "runner_after_exit", "to_worker", "after_answer"];

    /// <summary>The steps between the worker's request and the runner's exit answer reaching it.</summary>
    public static readonly string[] Runner = ["to_runner", "runner_before_fork", "runner_fork_to_exit", "runner_after_exit", "to_worker"];

    [GeneratedRegex("""^abaco_warm_execution_step_seconds_(sum|count)\{step="([a-z_]+)"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex Line();

    public static async Task<WarmSteps> ScrapeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var steps = new Dictionary<string, (double Sum, double Count)>();
        foreach (Match m in Line().Matches(text))
        {
            var value = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            var (sum, count) = steps.GetValueOrDefault(m.Groups[2].Value);
            steps[m.Groups[2].Value] = m.Groups[1].Value == "sum" ? (value, count) : (sum, value);
        }
        return new WarmSteps(steps);
    }

    /// <summary>Mean ms of <paramref name="step"/> over what was observed since <paramref name="before"/>; NaN when none.</summary>
    public (double MeanMs, int Count) Since(WarmSteps before, string step)
    {
        var (sum, count) = _steps.GetValueOrDefault(step);
        var (sum0, count0) = before._steps.GetValueOrDefault(step);
        var n = (int)(count - count0);
        return (n > 0 ? (sum - sum0) * 1000 / n : double.NaN, n);
    }

    public override string ToString() => $"{Metric}: {_steps.Count} steps";
}
