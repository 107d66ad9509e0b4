using System.Net.Http.Json;
using System.Text.Json;
using Abaco.Core.Settings;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>
/// What <see cref="ClusterFormation.WithAbacoCluster"/> puts in a running ActorSystem: the split-brain resolver and
/// remoting frame size the settings ask for, and with discovery set, a Cluster.Bootstrap contact point instead of
/// joining itself.
/// </summary>
public sealed class ClusterFormationSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(DisplayName = "The running ActorSystem downs with the split-brain resolver, strategy and timings as configured")]
    [InlineData(SplitBrainStrategy.KeepMajority, "keep-majority", 20, true)]
    [InlineData(SplitBrainStrategy.KeepOldest, "keep-oldest", 7, false)]
    [InlineData(SplitBrainStrategy.DownAll, "down-all", 3, true)]
    public async Task Split_brain_resolver_is_configured(SplitBrainStrategy strategy, string name, int stableAfterSeconds,
        bool downAllWhenUnstable)
    {
        var node = AbacoSettings.Defaults.Node with
        {
            SplitBrainStrategy = strategy,
            SplitBrainStableAfter = TimeSpan.FromSeconds(stableAfterSeconds),
            DownAllWhenUnstable = downAllWhenUnstable,
            MaximumFrameSize = 100_000,
        };

        using var host = await StartAsync(node);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var config = system.Settings.Config;

        Assert.IsType<Akka.Cluster.SBR.SplitBrainResolverProvider>(Cluster.Get(system).DowningProvider);
        Assert.Equal(name, config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(stableAfterSeconds), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(downAllWhenUnstable ? "on" : "off", config.GetString("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        Assert.Equal(100_000, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        await host.StopAsync(Ct);
    }

    [Fact(DisplayName = "With config discovery the node does not join itself: its contact point shows its address and no members until enough contact points answer")]
    public async Task Config_discovery_serves_a_contact_point_and_does_not_join_itself()
    {
        var port = FreePort();
        var node = AbacoSettings.Defaults.Node with
        {
            Discovery = ClusterDiscovery.Config,
            ManagementPort = port,
            // This node and one that never answers: two contact points are required, so no cluster may form.
            DiscoveryEndpoints = [$"127.0.0.1:{port}", $"127.0.0.1:{FreePort()}"],
            RequiredContactPoints = 2,
        };

        using var host = await StartAsync(node);
        var cluster = Cluster.Get(host.Services.GetRequiredService<ActorSystem>());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var seedNodes = await http.GetFromJsonAsync<JsonElement>("/bootstrap/seed-nodes", Ct);

        Assert.Contains(cluster.SelfAddress.Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            seedNodes.GetProperty("SelfNode").ToString());
        Assert.Empty(seedNodes.GetProperty("Nodes").EnumerateArray());
        Assert.NotEqual(MemberStatus.Up, cluster.SelfMember.Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/elsewhere", Ct)).StatusCode);
        await host.StopAsync(Ct);
    }

    private static async Task<IHost> StartAsync(NodeSettings node)
    {
        var settings = AbacoSettings.Defaults with { Node = node with { Hostname = "127.0.0.1", Port = 0 } };
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(TestNodes.SystemName, (akka, _) => akka.WithAbacoCluster(settings)))
            .Build();
        await host.StartAsync(Ct);
        return host;
    }

    private static int FreePort() => Abaco.Testing.Ports.Free();
}
