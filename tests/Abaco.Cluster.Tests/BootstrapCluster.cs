using System.Net;
using System.Net.Sockets;
using Abaco.Testing;
using Abaco.Testing.Servers;

namespace Abaco.Cluster.Tests;

/// <summary>
/// Node processes that find each other through Cluster.Bootstrap, with no seed list: each has its own remoting and
/// management port on loopback, and all share one PostgreSQL database and Redis prefix (the production profile), as
/// the nodes of a real cluster do. Started together; disposing stops them and removes their containers and files.
/// </summary>
internal sealed class BootstrapCluster : IAsyncDisposable
{
    private BootstrapCluster(IReadOnlyList<BootstrapNode> nodes) => Nodes = nodes;

    public IReadOnlyList<BootstrapNode> Nodes { get; }

    /// <summary>
    /// Starts <paramref name="count"/> nodes with the formation keys <paramref name="formationConfig"/> writes for
    /// the nodes' management ports, and waits until every one answers ready.
    /// </summary>
    public static async Task<BootstrapCluster> StartAsync(int count, Func<IReadOnlyList<int>, string> formationConfig)
    {
        var storeConfig = AbacoNode.ProductionStoreConfig(await (await SharedServers.Postgres).CreateDatabaseAsync(),
            (await SharedServers.Redis).Configuration, RedisServer.UniquePrefix());
        var remoting = Enumerable.Range(0, count).Select(_ => FreePort()).ToList();
        var management = Enumerable.Range(0, count).Select(_ => FreePort()).ToList();
        var formation = formationConfig(management);
        var nodes = remoting.Zip(management, (remotingPort, managementPort) => new BootstrapNode(remotingPort,
            managementPort, new AbacoNode(string.Join('\n',
                    "abaco.node.seed_nodes = []",
                    $"abaco.node.port = {remotingPort}",
                    $"abaco.node.management_port = {managementPort}",
                    formation),
                hostId: $"boot-{Guid.NewGuid():N}"[..20], storeConfig: storeConfig))).ToList();
        var cluster = new BootstrapCluster(nodes);
        try
        {
            await Task.WhenAll(nodes.Select(node => node.Process.StartAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the cluster's logs say every node was moved to Up (by whichever node led).</summary>
    public bool AllUp() => Nodes.All(node => Nodes.Any(other =>
        other.Process.Output.Contains($"Leader is moving node [{node.Address}] to [Up]", StringComparison.Ordinal)));

    /// <summary>The nodes that formed a new cluster by joining themselves: exactly one in a cluster formed once.</summary>
    public IEnumerable<BootstrapNode> SelfJoined() =>
        Nodes.Where(node => node.Process.Output.Contains("Initiating new cluster, self-joining", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.Process.DisposeAsync();
    }

    public static int FreePort() => Abaco.Testing.Ports.Free();
}

internal sealed record BootstrapNode(int RemotingPort, int ManagementPort, AbacoNode Process)
{
    public string Address => $"akka.tcp://abaco@127.0.0.1:{RemotingPort}";
}
