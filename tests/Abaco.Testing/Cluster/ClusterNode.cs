using System.Net;

namespace Abaco.Testing.Cluster;

/// <summary>What a node of a test cluster is asked to be: a name for the test's messages and its roles.</summary>
public sealed record NodeSpec(string Name, params string[] Roles)
{
    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>
/// One node process of a <see cref="ClusterFixture"/>: its roles, and a remoting port, a web port, a data directory,
/// a host id and a cgroup that stay the same across restarts, so a restarted node is the same member coming back.
/// </summary>
public sealed class ClusterNode
{
    private readonly AbacoNode _node;

    private readonly Func<ClusterNode, int> _memberUpLines;

    internal ClusterNode(NodeSpec spec, int remotingPort, string clusterConfig, string storeConfig,
        string? cgroupRoot, Func<ClusterNode, Task<bool>> ready, Func<ClusterNode, int> memberUpLines)
    {
        _memberUpLines = memberUpLines;
        Spec = spec;
        RemotingPort = remotingPort;
        WebPort = Ports.Free();
        var hostId = $"cl-{spec.Name}-{Guid.NewGuid():N}"[..24];
        Cgroup = $"abaco-test-{hostId}";
        _node = new AbacoNode(string.Join('\n',
                clusterConfig,
                $"abaco.node.roles = [{string.Join(", ", spec.Roles)}]",
                $"abaco.node.port = {RemotingPort}",
                $"abaco.web.port = {WebPort}"),
            hostId: hostId, storeConfig: storeConfig)
        {
            CgroupDirectory = cgroupRoot is null ? null : Path.Combine(cgroupRoot, Cgroup),
            Ready = _ => ready(this),
            // Several node processes share two cores with the test and Docker: a start takes longer than alone (a
            // restart under load on a busy machine has taken two minutes before its remoting started).
            StartDeadline = TimeSpan.FromSeconds(240),
        };
    }

    public NodeSpec Spec { get; }
    public string Name => Spec.Name;
    public int RemotingPort { get; }
    public int WebPort { get; }
    /// <summary>The cgroup v2 directory name (relative to the cgroup2 root) the process runs in, if partitionable.</summary>
    public string Cgroup { get; }
    public string HostId => _node.HostId;
    public string DataDir => _node.DataDir;
    public string Address => AddressOf(RemotingPort);
    internal static string AddressOf(int remotingPort) => $"akka.tcp://abaco@127.0.0.1:{remotingPort}";
    public Uri BaseUrl => new($"http://127.0.0.1:{WebPort}");
    /// <summary><c>host:port</c> of this run's admin command host (a free port, read from the log once it listens).</summary>
    public string? AdminEndpoint => _node.AdminEndpoint;
    public string Output => _node.Output;
    /// <summary>The exit code once the process has exited (downed itself, or was signalled); null while it runs.</summary>
    public int? ExitCode => _node.ExitCode;
    public bool IsRunning => _node.ProcessId is not null;
    public int? ProcessId => _node.ProcessId;

    public AbacoClient Client(string? tenant = null) => new(BaseUrl, tenant);

    public Task<HttpStatusCode?> ReadyStatusAsync() => _node.ReadyStatusAsync();

    /// <summary>Starts the process (again: same data directory, host id, ports and cgroup) and waits until ready.</summary>
    public Task StartAsync()
    {
        MemberUpLinesAtStart = _memberUpLines(this);
        return _node.StartAsync();
    }

    /// <summary>How many times the cluster's logs had said this address moved to Up when this start began.</summary>
    internal int MemberUpLinesAtStart { get; private set; }

    /// <summary>kill -9: no leaving, no hand-over; the others must notice and down it.</summary>
    public Task KillAsync() => _node.KillAsync();

    /// <summary>SIGTERM and wait for the process to exit; returns its exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan? deadline = null) => _node.TerminateAsync(deadline ?? TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    public override string ToString() => $"{Name} [{string.Join(",", Spec.Roles)}] {Address}";
}
