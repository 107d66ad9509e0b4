using System.Diagnostics;
using System.Net;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// Scenario 5: a network partition cuts one node of three from the other two, under constant message load. The
/// split-brain resolver (keep-majority) downs the minority: its process exits or it stops saying ready. The majority
/// keeps accepting messages for every actor, no actor's entity runs on both sides (its executions never overlap),
/// and every accepted message ends COMPLETE or ERROR with a reason.
/// </summary>
public sealed class PartitionSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);

    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartAsync(
            [new("n1", "api", "core", "spawner"), new("n2", "api", "core", "spawner"), new("n3", "api", "core", "spawner")],
            ClusterTuning.DowningAfter(StableAfter), partitionable: true);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(DisplayName = "A partition cuts one node of three: the minority downs itself, the majority keeps serving, no actor runs on both sides, nothing accepted is lost")]
    public async Task Minority_downs_itself_and_majority_serves()
    {
        var minority = _cluster["n3"];
        var majority = new[] { _cluster["n1"], _cluster["n2"] };
        var cut = false;
        await using var load = await MessageLoad.StartAsync(
            () => (cut ? majority : _cluster.Nodes).Select(n => n.BaseUrl).ToList(), actors: 6, perSecond: 4);
        await Eventually.TrueAsync(() => Task.FromResult(load.Accepted.Count >= 12), TimeSpan.FromSeconds(60),
            "the load to be accepted before the cut");

        await using var partition = await _cluster.PartitionAsync(minority);
        var cutAt = load.Now;
        cut = true;
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => minority.ExitCode is not null ||
                await minority.ReadyStatusAsync() is not HttpStatusCode.OK,
            TimeSpan.FromSeconds(90), "the minority node to exit or stop being ready");
        var minorityDown = clock.Elapsed;
        await Eventually.TrueAsync(() => Task.FromResult(load.AnsweredAgainAfter(cutAt) is not null),
            TimeSpan.FromSeconds(90), "the majority to accept a message for every actor after the cut");
        var answeredAgain = load.AnsweredAgainAfter(cutAt)!.Value;
        var acceptedBefore = load.Accepted.Count;
        await Eventually.TrueAsync(() => Task.FromResult(load.Accepted.Count >= acceptedBefore + 20),
            TimeSpan.FromSeconds(60), "the majority to keep accepting");
        await load.StopAsync();
        await partition.DisposeAsync();

        var outcome = await load.WaitAllEndedAsync(majority[0].BaseUrl, TimeSpan.FromMinutes(3));
        var overlaps = await load.OverlappingRunsAsync(majority[0].BaseUrl);
        output.WriteLine($"minority {(minority.ExitCode is { } code ? $"exited with {code}" : "not ready")} " +
                         $"{minorityDown.TotalSeconds:0.0} s after the cut (stable-after {StableAfter.TotalSeconds:0} s)");
        output.WriteLine($"every actor accepted again through the majority {answeredAgain.TotalSeconds:0.0} s after the cut");
        LoadReport.Print(output, load, outcome);

        Assert.Empty(overlaps);
        LoadReport.AssertErrorsHaveReasons(outcome);
    }
}
