using System.Net;

namespace Abaco.Testing;

/// <summary>
/// The split topology of the end-to-end suite: with <c>ABACO_E2E_TOPOLOGY=split</c> an <see cref="AbacoNode"/> is three
/// processes, one per role. This object is the api process (its <see cref="BaseUrl"/> is what tests call); a core
/// process (the seed) and a spawner process start with it and stop with it. The three share the host id (so the
/// containers the spawner starts carry the label tests look for), the test's config lines, and one PostgreSQL
/// database and Redis prefix (the production profile: embedded files cannot be shared).
/// </summary>
public sealed partial class AbacoNode
{
    public static string Topology { get; } =
        Environment.GetEnvironmentVariable("ABACO_E2E_TOPOLOGY") is { Length: > 0 } t ? t : "single";

    private static bool Split => Topology switch
    {
        "single" => false,
        "split" => true,
        _ => throw new InvalidOperationException($"ABACO_E2E_TOPOLOGY must be single or split, not {Topology}"),
    };

    private readonly List<AbacoNode> _companions = [];
    private string _roleConfig = "";
    private bool _isCompanion;
    private string _logSuffix = "";

    /// <summary>This process's output, then its companions' (split topology).</summary>
    private string AllOutput => string.Join('\n', [Output, .. _companions.Select(c => c.Output)]);

    /// <summary>Starts the core and spawner processes once, and gives this one the api role and their seed.</summary>
    private async Task StartCompanionsAsync()
    {
        if (!Split || _isCompanion || _companions.Count > 0) return;
        var seedPort = Ports.Free();
        var seed = $"abaco.node.seed_nodes = [\"akka.tcp://abaco@127.0.0.1:{seedPort}\"]\n" +
                   Cluster.ClusterTuning.SharedEncryptionKey();
        var stores = await StoreConfigAsync();
        _roleConfig = $"abaco.node.roles = [api]\n{seed}";
        foreach (var (role, port) in new[] { ("core", seedPort), ("spawner", 0) })
        {
            var companion = new AbacoNode(ExtraConfig, hostId: HostId, storeConfig: stores)
            {
                Ready = node => MemberUpAsync(node, port == 0 ? null : port),
            };
            companion._isCompanion = true;
            companion._logSuffix = "-" + role;
            companion._roleConfig = $"abaco.node.roles = [{role}]\nabaco.node.port = {port}\n{seed}";
            _companions.Add(companion);
            await companion.StartAsync();
        }
    }

    /// <summary>
    /// A companion is ready when it answers GET /healthz/ready, or, while a node without the api role serves no such
    /// route, once a leader has logged moving it to Up.
    /// </summary>
    private async Task<bool> MemberUpAsync(AbacoNode companion, int? port)
    {
        if (await companion.ReadyStatusAsync() is { } status && status != HttpStatusCode.NotFound)
            return status == HttpStatusCode.OK;
        var address = port is { } p ? $"127.0.0.1:{p}]" : RemotingAddress(companion);
        return address is not null && AllOutput.Contains($"Leader is moving node [akka.tcp://abaco@{address} to [Up]",
            StringComparison.Ordinal);
    }

    /// <summary>The spawner's remoting port is the OS's pick: read it from the line Akka logs when it joins.</summary>
    private static string? RemotingAddress(AbacoNode node)
    {
        const string marker = "Cluster Node [akka.tcp://abaco@";
        var output = node.Output;
        var at = output.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var end = output.IndexOf(']', at + marker.Length);
        return end < 0 ? null : output[(at + marker.Length)..(end + 1)];
    }

    private async Task DisposeCompanionsAsync()
    {
        foreach (var companion in _companions) await companion.DisposeAsync();
    }
}
