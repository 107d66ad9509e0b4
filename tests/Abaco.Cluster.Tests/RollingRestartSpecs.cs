using System.Diagnostics;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// Scenario 6: every node of a 3-node cluster (each with every role) restarted in turn, the way an operator rolls an
/// upgrade: SIGTERM, start again with the same data directory, host id and ports, and wait until every node answers
/// /healthz/ready (Up, stores answering, its shard region registered with the coordinator) before the next. Under
/// constant message load sent through the nodes that are up: nothing accepted is lost, an ERROR always says why,
/// failed requests stay few (at most a tenth of those sent) and are reported, and the cluster stays one cluster (the
/// restarted first seed rejoins it rather than forming its own, which would run a second copy of the actors).
/// </summary>
public sealed class RollingRestartSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const double MaxFailedShare = 0.10;
    private const string FormingNewCluster = "and forming a new cluster";

    private ClusterFixture _cluster = null!;
    private volatile ClusterNode? _restarting;

    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartAsync(
            [new("n1", "api", "core", "spawner"), new("n2", "api", "core", "spawner"), new("n3", "api", "core", "spawner")]);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(DisplayName = "Rolling restart of three nodes under load: one cluster throughout, nothing accepted is lost, failed requests stay few")]
    public async Task Every_node_restarts_in_turn()
    {
        await using var load = await MessageLoad.StartAsync(
            () => _cluster.Nodes.Where(n => n != _restarting).Select(n => n.BaseUrl).ToList(), actors: 6, perSecond: 1.5);
        await load.AcceptedMoreAsync(12, "the load to be accepted before the restarts");

        foreach (var node in _cluster.Nodes)
        {
            _restarting = node;
            var clock = Stopwatch.StartNew();
            var exitCode = await node.TerminateAsync();
            var stopped = clock.Elapsed;
            await node.StartAsync();
            await _cluster.WaitReadyAsync(TimeSpan.FromSeconds(60));
            _restarting = null;
            output.WriteLine($"{node.Name}: exited {exitCode} after {stopped.TotalSeconds:0.0} s, " +
                             $"up and ready again after {clock.Elapsed.TotalSeconds:0.0} s; {load.Summary()}");
            Assert.Equal(0, exitCode);
        }
        await load.AcceptedMoreAsync(12, "the restarted cluster to keep accepting");

        var outcome = await load.StopAndWaitAllEndedAsync(_cluster["n1"].BaseUrl, TimeSpan.FromMinutes(4));
        LoadReport.Print(output, load, outcome);

        Assert.Equal(1, _cluster.Nodes.Sum(n => Occurrences(n.Output, FormingNewCluster)));
        LoadReport.AssertErrorsHaveReasons(outcome);
        var sent = load.Accepted.Count + load.Failed.Count;
        Assert.True(load.Failed.Count <= MaxFailedShare * sent,
            $"{load.Failed.Count} of {sent} requests failed during the rolling restart");
    }

    private static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
