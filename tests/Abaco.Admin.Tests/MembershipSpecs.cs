using System.Diagnostics;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Admin.Tests;

/// <summary>
/// The membership verbs change the cluster for real, and <c>cluster tail</c> sees it: a = api+core+spawner,
/// b and c = core. b leaves (its process exits) and comes back; c is downed; the errors for a node that is gone.
/// </summary>
public sealed class MembershipSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        _cluster = await ClusterFixture.StartAsync([new("a", "api", "core", "spawner"), new("b", "core"), new("c", "core")]);
        output.WriteLine($"3 nodes ready in {started.Elapsed.TotalSeconds:0.0} s");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(DisplayName = "leave and down change membership, tail sees a node leave and join again, a node gone is refused")]
    public async Task Leave_join_down_and_tail()
    {
        var (a, b, c) = (_cluster["a"], _cluster["b"], _cluster["c"]);
        await using var tail = AdminRun.StartTail(a.Admin(), "cluster", "tail");
        await Eventually.TrueAsync(() => Task.FromResult(tail.Text.Contains("tail-started")), Deadline, "the tail to start");

        var clock = Stopwatch.StartNew();
        Assert.Contains("asked to leave", await a.OkAsync("cluster", "leave", b.Address));
        await Eventually.TrueAsync(() => Task.FromResult(Saw(tail, "removed", b)), Deadline, "the tail to see b removed");
        await Eventually.TrueAsync(() => Task.FromResult(!b.IsRunning), Deadline, "b's process to exit after leaving");
        Assert.DoesNotContain(b.Address, await a.OkAsync("cluster", "show"));
        output.WriteLine($"b left in {clock.Elapsed.TotalSeconds:0.0} s");

        var removedAt = tail.Text.Length;
        await b.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(Saw(tail, "up", b, removedAt)), Deadline, "the tail to see b up again");
        Assert.Contains("joining", await b.OkAsync("cluster", "join", a.Address)); // a member joining its own cluster: no change

        clock.Restart();
        Assert.Contains("marked down", await a.OkAsync("cluster", "down", c.Address));
        await Eventually.TrueAsync(() => Task.FromResult(Saw(tail, "removed", c)), Deadline, "the tail to see c removed");
        await Eventually.TrueAsync(() => Task.FromResult(!c.IsRunning), Deadline, "c's process to exit once downed");
        output.WriteLine($"c downed and gone in {clock.Elapsed.TotalSeconds:0.0} s");
        var show = await a.OkAsync("cluster", "show");
        Assert.DoesNotContain(c.Address, show);
        Assert.Contains(b.Address, show);

        var gone = await AdminRun.RunAsync(c.Admin(), "cluster", "show");
        Assert.Equal(ExitCodes.Unreachable, gone.Code);
        var downAgain = await AdminRun.RunAsync(a.Admin(), "cluster", "down", c.Address);
        Assert.Equal(ExitCodes.Failed, downAgain.Code);
        Assert.Contains($"No member {c.Address}", downAgain.Err);
        Assert.Contains("no unreachable member", await a.OkAsync("cluster", "down-unreachable"));
        Assert.Equal(ExitCodes.Failed, (await AdminRun.RunAsync(a.Admin(), "cluster", "join", "not-an-address")).Code);

        Assert.Equal(ExitCodes.Ok, await tail.StopAsync());
        output.WriteLine(tail.Text);
    }

    /// <summary>The tail printed <paramref name="evt"/> for the node (after <paramref name="from"/> characters).</summary>
    private static bool Saw(AdminRun.Tail tail, string evt, ClusterNode node, int from = 0) =>
        tail.Text[from..].Split('\n').Any(l => l.Contains($" {evt} ") && l.Contains(node.Address));
}
