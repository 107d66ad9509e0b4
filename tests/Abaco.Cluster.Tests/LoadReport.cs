using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>What every load spec prints and checks at its end: the figures, each ERROR's reason, the failed requests.</summary>
internal static class LoadReport
{
    public static void Print(ITestOutputHelper output, MessageLoad load, LoadOutcome outcome)
    {
        output.WriteLine($"{load.Summary()}; {outcome.Complete} COMPLETE, {outcome.Errors.Count} ERROR");
        foreach (var (id, reason) in outcome.Errors) output.WriteLine($"  ERROR {id}: {reason}");
        foreach (var failure in load.Failed.Take(20))
            output.WriteLine($"  failed request sent at {failure.Started.TotalSeconds:0.0} s via {failure.Via}: {Short(failure.Reason)}");
    }

    /// <summary>Every accepted message ended (WaitAllEndedAsync saw to that); an ERROR must say why.</summary>
    public static void AssertErrorsHaveReasons(LoadOutcome outcome) =>
        Assert.All(outcome.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason) || e.Reason == "None",
            $"{e.ExecutionId} ended ERROR without a reason"));

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
