using System.Net;
using Abaco.Testing.Servers;

namespace Abaco.Testing.Cluster;

/// <summary>
/// A cluster of real node processes on loopback: the given roles per node, fixed remoting and web ports, static seeds
/// (every core node, the first one first: it forms the cluster; restarted, it waits node.rejoin_seed_timeout for the
/// others before it would form one of its own), one PostgreSQL database and one Redis key prefix shared by every node
/// (the production store profile).
/// Disposing heals partitions, stops every process, removes their containers, cgroups and data directories, whatever
/// state the test left.
/// </summary>
public sealed class ClusterFixture : IAsyncDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly List<ClusterNode> _nodes = [];
    private readonly List<NetworkPartition> _partitions = [];
    private readonly List<string> _cgroups = [];

    private ClusterFixture(string storeConfig) => StoreConfig = storeConfig;

    /// <summary>The config lines that put a node on this cluster's database and key prefix.</summary>
    public string StoreConfig { get; }
    public IReadOnlyList<ClusterNode> Nodes => _nodes;
    public ClusterNode this[string name] => _nodes.Single(n => n.Name == name);
    public IEnumerable<ClusterNode> WithRole(string role) => _nodes.Where(n => n.Spec.Has(role));
    public IEnumerable<ClusterNode> Running => _nodes.Where(n => n.IsRunning);

    /// <summary>
    /// Starts the nodes (the first core node, then the others together) and waits until every one is ready.
    /// <paramref name="extraConfig"/> goes into every node's config (e.g. a short split-brain stable-after).
    /// <paramref name="partitionable"/> runs each node in its own cgroup so <see cref="PartitionAsync"/> can cut it.
    /// </summary>
    public static async Task<ClusterFixture> StartAsync(IReadOnlyList<NodeSpec> specs, string extraConfig = "",
        bool partitionable = false)
    {
        if (!specs.Any(s => s.Has("core"))) throw new ArgumentException("A cluster needs at least one core node.");
        if (partitionable) await NetworkPartition.EnsureAvailableAsync();
        var cluster = new ClusterFixture(AbacoNode.ProductionStoreConfig(
            await (await SharedServers.Postgres).CreateDatabaseAsync(),
            (await SharedServers.Redis).Configuration, RedisServer.UniquePrefix()));
        try
        {
            cluster.Create(specs, extraConfig, partitionable);
            var first = cluster.WithRole("core").First();
            await first.StartAsync();
            await Task.WhenAll(cluster._nodes.Where(n => n != first).Select(n => n.StartAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Two core nodes, and the api and spawner roles on nodes of their own: losing a core node then loses only
    /// entities (no worker, no HTTP endpoint), so what a node-loss spec watches is the shards' hand-over.
    /// </summary>
    public static Task<ClusterFixture> StartTwoCoresAsync(string extraConfig = "") =>
        StartAsync([new("core1", "core"), new("core2", "core"), new("api", "api"), new("spawner", "spawner")], extraConfig);

    private void Create(IReadOnlyList<NodeSpec> specs, string extraConfig, bool partitionable)
    {
        // Every port is chosen before any node exists: every node's config names every seed.
        var ports = specs.Select(_ => Ports.Free()).ToList();
        var seeds = specs.Zip(ports).Where(p => p.First.Has("core")).Select(p => $"\"{ClusterNode.AddressOf(p.Second)}\"");
        var config = string.Join('\n', $"abaco.node.seed_nodes = [{string.Join(", ", seeds)}]",
            ClusterTuning.SharedEncryptionKey(), extraConfig);
        var cgroupRoot = partitionable ? NetworkPartition.CgroupRoot : null;
        foreach (var (spec, port) in specs.Zip(ports))
        {
            var node = new ClusterNode(spec, port, config, StoreConfig, cgroupRoot, ReadyAsync, MemberUpLines);
            if (cgroupRoot is not null)
            {
                _cgroups.Add(Path.Combine(cgroupRoot, node.Cgroup));
                Directory.CreateDirectory(_cgroups[^1]);
            }
            _nodes.Add(node);
        }
    }

    /// <summary>
    /// Ready: GET /healthz/ready answers 200. A node that does not serve that route (404 or nothing listening, on a
    /// node without the api role) counts as ready once the cluster's leader has logged moving it to Up since it started
    /// (an INFO line: such a cluster keeps abaco.logs.level at INFO).
    /// </summary>
    private async Task<bool> ReadyAsync(ClusterNode node) => await node.ReadyStatusAsync() switch
    {
        HttpStatusCode.OK => true,
        HttpStatusCode.ServiceUnavailable => false,
        _ => MemberUpLines(node) > node.MemberUpLinesAtStart,
    };

    private int MemberUpLines(ClusterNode node)
    {
        var line = $"Leader is moving node [{node.Address}] to [Up]";
        return _nodes.Sum(n => Occurrences(n.Output, line));
    }

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Waits until every running node reports ready (after a restart, a heal, a hand-over).</summary>
    public Task WaitReadyAsync(TimeSpan deadline) =>
        Task.WhenAll(Running.Select(n => Eventually.TrueAsync(() => ReadyAsync(n), deadline, $"{n} to be ready")));

    /// <summary>Cuts <paramref name="side"/> from every other node until the returned partition is disposed.</summary>
    public async Task<NetworkPartition> PartitionAsync(params ClusterNode[] side)
    {
        if (_cgroups.Count == 0)
            throw new InvalidOperationException("Start the cluster with partitionable: true to cut it.");
        var partition = await NetworkPartition.CutAsync(side, _nodes.Except(side).ToList());
        _partitions.Add(partition);
        return partition;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var partition in _partitions) await partition.DisposeAsync();
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()))
            .WaitAsync(StopDeadline);
        foreach (var cgroup in _cgroups) RemoveCgroup(cgroup);
    }

    private static void RemoveCgroup(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory);
        }
        catch (IOException)
        {
            // A process still inside (it is being killed); an empty cgroup left behind holds no resources.
        }
    }
}
