using System.Diagnostics;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// Scenario 3: the topology of scenario 2 (two core nodes, api and spawner on nodes of their own), and a core node
/// given SIGTERM under constant message load. It leaves the cluster gracefully: its shards are handed over while the
/// api node buffers their messages, so not one request fails, the process exits 0, and every accepted message ends.
/// </summary>
public sealed class CoreNodeTerminatedSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartTwoCoresAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(DisplayName = "SIGTERM of a core node under load: it exits 0 and not one request fails")]
    public async Task Graceful_leave_fails_no_request()
    {
        var api = _cluster["api"].BaseUrl;
        await using var load = await MessageLoad.StartAsync(() => [api], actors: 8, perSecond: 4);
        await load.AcceptedMoreAsync(16, "the load to be accepted before the SIGTERM");

        var clock = Stopwatch.StartNew();
        var exitCode = await _cluster["core1"].TerminateAsync();
        var exited = clock.Elapsed;
        await load.AcceptedMoreAsync(20, "the cluster to keep accepting");

        var outcome = await load.StopAndWaitAllEndedAsync(api, TimeSpan.FromMinutes(3));
        output.WriteLine($"core1 exited with {exitCode} {exited.TotalSeconds:0.0} s after SIGTERM");
        LoadReport.Print(output, load, outcome);

        Assert.Equal(0, exitCode);
        Assert.Empty(load.Failed);
        LoadReport.AssertErrorsHaveReasons(outcome);
    }
}
