using Abaco.Core.Settings;
using Abaco.Testing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>
/// The first of several seeds forms a new cluster when the others do not answer in time. Started fresh it waits Akka's
/// 5 s (first formation is not slowed); once it has been Up its data directory remembers that, and restarted it waits
/// <c>node.rejoin_seed_timeout</c>, long enough for a busy cluster to answer its new incarnation.
/// </summary>
public sealed class SeedRejoinSpecs : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _dataDir = Directory.CreateTempSubdirectory("abaco-seed-rejoin-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact(DisplayName = "A first seed that has been Up before waits node.rejoin_seed_timeout for the other seeds when it restarts; a fresh one waits 5 s")]
    public async Task Restarted_first_seed_waits_longer_for_the_others()
    {
        var port = Ports.Free();
        var node = AbacoSettings.Defaults.Node with
        {
            Hostname = "127.0.0.1",
            Port = port,
            DataDir = _dataDir,
            // The other seed never answers: the fresh node forms a cluster of its own after the timeout.
            SeedNodes = [Seed(port), Seed(Ports.Free())],
            RejoinSeedTimeout = TimeSpan.FromSeconds(42),
        };

        using (var fresh = await StartAsync(node))
        {
            var system = fresh.Services.GetRequiredService<ActorSystem>();
            Assert.Equal(TimeSpan.FromSeconds(5), SeedNodeTimeout(system));
            await Eventually.TrueAsync(() => Task.FromResult(Cluster.Get(system).SelfMember.Status == MemberStatus.Up),
                TimeSpan.FromSeconds(60), "the fresh first seed to form its cluster");
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(_dataDir, SeedRejoin.MarkerFile))),
                TimeSpan.FromSeconds(10), "the node to remember it has been a member");
            await fresh.StopAsync(Ct);
        }

        using var restarted = await StartAsync(node);
        Assert.Equal(TimeSpan.FromSeconds(42), SeedNodeTimeout(restarted.Services.GetRequiredService<ActorSystem>()));
        await restarted.StopAsync(Ct);
    }

    private static TimeSpan SeedNodeTimeout(ActorSystem system) =>
        system.Settings.Config.GetTimeSpan("akka.cluster.seed-node-timeout");

    private static string Seed(int port) => $"akka.tcp://{TestNodes.SystemName}@127.0.0.1:{port}";

    private static async Task<IHost> StartAsync(NodeSettings node)
    {
        var settings = AbacoSettings.Defaults with { Node = node };
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(TestNodes.SystemName, (akka, _) => akka.WithAbacoCluster(settings)))
            .Build();
        await host.StartAsync(Ct);
        return host;
    }
}
