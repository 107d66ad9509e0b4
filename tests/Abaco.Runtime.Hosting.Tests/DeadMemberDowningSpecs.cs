using Abaco.Core.Settings;
using Abaco.Metrics;
using Abaco.Runtime.Downing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>
/// A member whose process stops without leaving is downed by the others as soon as its remoting port refuses
/// connections. The failure detector and the resolver are set to wait a minute here, so only the dead-member
/// downing can remove the member within the spec's deadline.
/// </summary>
public sealed class DeadMemberDowningSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string SlowFailureDetection = """
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 60s
        akka.cluster.run-coordinated-shutdown-when-down = off
        """;

    // The stopped member terminates without leaving the cluster, as a killed process would.
    private const string TerminateWithoutLeaving = "akka.coordinated-shutdown.run-by-actor-system-terminate = off";

    [Fact(DisplayName = "A member whose process is gone (its remoting port refuses connections) is downed and removed without waiting for the failure detector")]
    public async Task Member_that_stopped_without_leaving_is_removed()
    {
        using var survivor = await StartAsync(Node(downDeadProcesses: true), SlowFailureDetection);
        var cluster = Cluster.Get(survivor.Services.GetRequiredService<ActorSystem>());
        await Eventually.TrueAsync(() => Task.FromResult(cluster.SelfMember.Status == MemberStatus.Up),
            TimeSpan.FromSeconds(20), "the first node to be Up");

        using var doomed = await StartAsync(Node(downDeadProcesses: true, seed: cluster.SelfAddress.ToString()),
            SlowFailureDetection + "\n" + TerminateWithoutLeaving);
        var doomedAddress = Cluster.Get(doomed.Services.GetRequiredService<ActorSystem>()).SelfAddress;
        await Eventually.TrueAsync(() => Task.FromResult(UpMembers(cluster).Contains(doomedAddress)),
            TimeSpan.FromSeconds(30), "the second node to be Up in the first one's view");

        var downedBefore = AbacoMetrics.DeadMembersDowned.Value;
        await doomed.Services.GetRequiredService<ActorSystem>().Terminate();

        await Eventually.TrueAsync(() => Task.FromResult(!cluster.State.Members.Any(m => m.Address == doomedAddress)),
            TimeSpan.FromSeconds(20), "the stopped member to be downed and removed");
        Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
        Assert.Equal(downedBefore + 1, AbacoMetrics.DeadMembersDowned.Value);
        await survivor.StopAsync(Ct);
    }

    [Theory(DisplayName = "node.down_dead_processes starts the dead-member downing when on, and nothing when off")]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Setting_starts_it_or_not(bool on)
    {
        using var host = await StartAsync(Node(downDeadProcesses: on), "");
        var system = host.Services.GetRequiredService<ActorSystem>();
        var identity = await system.ActorSelection("/user/dead-member-downing")
            .Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(on, identity.Subject is not null);
        await host.StopAsync(Ct);
    }

    private static HashSet<Address> UpMembers(Cluster cluster) =>
        cluster.State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet();

    private static NodeSettings Node(bool downDeadProcesses, string? seed = null) => AbacoSettings.Defaults.Node with
    {
        Hostname = "127.0.0.1",
        Port = 0,
        SeedNodes = seed is null ? [] : [seed],
        SplitBrainStableAfter = TimeSpan.FromSeconds(60),
        DownDeadProcesses = downDeadProcesses,
    };

    private static async Task<IHost> StartAsync(NodeSettings node, string hocon)
    {
        var settings = AbacoSettings.Defaults with { Node = node };
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(TestNodes.SystemName, (akka, _) => akka
                .AddHocon(hocon, HoconAddMode.Prepend)
                .WithAbacoCluster(settings)
                .AddDeadMemberDowning(node)))
            .Build();
        await host.StartAsync(Ct);
        return host;
    }
}
