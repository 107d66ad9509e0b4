using Xunit.Abstractions;

namespace Abaco.Node.Tests;

/// <summary>
/// SIGTERM (how orchestrators and service managers stop a process) runs Akka's coordinated shutdown: the node hands
/// its shards over, leaves the cluster, its peer sees it removed (not unreachable, not downed), and the process exits 0
/// within a bounded time.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class GracefulLeaveSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    [Fact(DisplayName = "A core node given SIGTERM leaves the cluster gracefully and exits 0 within 30 s")]
    public async Task SigtermLeaves()
    {
        await using var first = await NodeProcess.StartAsync(["--roles", "core"]);
        var seed = await first.ClusterAddressAsync();
        await using var second = await NodeProcess.StartAsync(["--roles", "core"],
            $"abaco.node.seed_nodes = [\"{seed}\"]");
        await second.WaitReadyAsync();
        var leaving = await second.ClusterAddressAsync();
        await first.WaitForOutputAsync($"is JOINING, roles [core", NodeProcess.StartDeadline);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        second.Terminate();

        Assert.Equal(0, await second.WaitForExitAsync(ExitDeadline));
        output.WriteLine($"SIGTERM to exit: {clock.Elapsed.TotalSeconds:0.0} s");
        await first.WaitForOutputAsync($"Leader is removing confirmed Exiting node [{leaving}]", ExitDeadline);
        Assert.DoesNotContain($"Marking node(s) as UNREACHABLE [Member(address = {leaving}", first.Output);
        await first.WaitReadyAsync();
    }
}
