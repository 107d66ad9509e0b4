namespace Abaco.Benchmarks;

/// <summary>The bench's knobs, read from its command line (<c>./build.sh bench -- --runs 50 ...</c>).</summary>
public sealed record BenchOptions(
    int Runs, int Messages, int Concurrency, int Rate, int Seconds, int MinimumExecutions, int Reads,
    int Parallel, int ParallelTotal, int SoakMinutes, int SoakContainers, bool Cluster, IReadOnlyList<string> Profiles, string Output,
    IReadOnlyList<string> Phases, int WarmMessages, int WarmRuns, int WarmPollMs, IReadOnlyList<string> SoakPhases)
{
    public const string Usage =
        "Usage: Abaco.Benchmarks [--runs N] [--messages N] [--concurrency N] [--rate N] [--seconds N] [--executions N]\n" +
        "                         [--reads N] [--parallel N] [--parallel-total N] [--warm-messages N] [--warm-runs N] [--warm-poll MS]\n" +
        "                         [--profiles embedded,production]\n" +
        "                         [--cluster on|off] [--only cold,parallel,accept,warm] [--output DIR]\n" +
        "       Abaco.Benchmarks --soak [--soak-minutes N] [--rate N] [--soak-containers N] [--soak-phases accept,containers]\n" +
        "                         [--profiles P]";

    /// <summary>The profile whose figures are the headline ones (the embedded one when it runs).</summary>
    public string HeadlineProfile => Profiles.Contains("embedded") ? "embedded" : Profiles[0];

    /// <summary>Every phase of a profile; <c>--only</c> names a subset (bare Docker runs when cold or parallel does).</summary>
    public static readonly string[] AllPhases = ["cold", "parallel", "accept", "warm"];

    public bool Includes(string phase) => Phases.Contains(phase);

    public override string ToString() =>
        $"runs={Runs} messages={Messages} concurrency={Concurrency} rate={Rate}/s for {Seconds} s executions>={MinimumExecutions} " +
        $"reads={Reads} parallel={Parallel}x{ParallelTotal} warm-messages={WarmMessages} warm-runs={WarmRuns} warm-poll={WarmPollMs}ms cluster={(Cluster ? "on" : "off")} profiles={string.Join(",", Profiles)} " +
        $"phases={string.Join(",", Phases)}";

    public static BenchOptions Parse(string[] args)
    {
        int Number(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }
        string Text(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new BenchOptions(
            Runs: Number("--runs", 20), Messages: Number("--messages", 2000), Concurrency: Number("--concurrency", 16),
            Rate: Number("--rate", 1000), Seconds: Number("--seconds", 10), MinimumExecutions: Number("--executions", 10_000),
            Reads: Number("--reads", 5000), Parallel: Number("--parallel", 4), ParallelTotal: Number("--parallel-total", 40),
            SoakMinutes: Number("--soak-minutes", 10), SoakContainers: Number("--soak-containers", 2),
            Cluster: Text("--cluster", "on") == "on",
            Profiles: Text("--profiles", "embedded,production").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Output: Text("--output", Path.Combine("artifacts", "bench")),
            Phases: Text("--only", string.Join(",", AllPhases)).Split(',', StringSplitOptions.RemoveEmptyEntries),
            WarmMessages: Number("--warm-messages", 200),
            // The one-at-a-time warm runs are short and their p50 is read at the record's millisecond resolution:
            // 20 samples left it a millisecond or two from one run to the next.
            WarmRuns: Number("--warm-runs", 100),
            WarmPollMs: Number("--warm-poll", 2),
            SoakPhases: Text("--soak-phases", "accept,containers").Split(',', StringSplitOptions.RemoveEmptyEntries));
    }
}
