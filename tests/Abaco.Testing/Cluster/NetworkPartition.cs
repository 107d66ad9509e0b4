using System.Diagnostics;

namespace Abaco.Testing.Cluster;

/// <summary>
/// Cuts cluster nodes on loopback from each other while PostgreSQL, Redis and Docker stay reachable: each node process
/// runs in its own cgroup v2 directory, and an iptables rule per (node on one side, node on the other) drops the
/// packets that node's processes send to the other's remoting port. Every association across the cut then fails in
/// both directions. Disposing heals: it deletes exactly the rules it added.
/// </summary>
public sealed class NetworkPartition : IAsyncDisposable
{
    private readonly List<string[]> _rules = [];

    private NetworkPartition()
    {
    }

    /// <summary>The cgroup2 hierarchy: the unified mount of a hybrid host, else the root of a pure cgroup v2 host.</summary>
    public static string CgroupRoot { get; } =
        File.Exists("/sys/fs/cgroup/unified/cgroup.procs") ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";

    /// <summary>Fails with what is missing when this machine cannot cut loopback traffic per process.</summary>
    public static async Task EnsureAvailableAsync()
    {
        if (!File.Exists(Path.Combine(CgroupRoot, "cgroup.procs")))
            throw new InvalidOperationException($"No cgroup v2 hierarchy at {CgroupRoot}: partitions cannot be made here.");
        var (code, output) = await RunAsync("iptables", "-L", "OUTPUT", "-n");
        if (code != 0)
            throw new InvalidOperationException(
                $"iptables does not work here ({output.Trim()}): partitions need iptables and root (scripts/ensure-deps.sh installs it).");
    }

    /// <summary>Cuts every node of <paramref name="side"/> from every node of <paramref name="others"/>.</summary>
    public static async Task<NetworkPartition> CutAsync(IReadOnlyCollection<ClusterNode> side, IReadOnlyCollection<ClusterNode> others)
    {
        var partition = new NetworkPartition();
        try
        {
            foreach (var a in side)
            foreach (var b in others)
            {
                await partition.DropAsync(a, b);
                await partition.DropAsync(b, a);
            }
        }
        catch
        {
            await partition.DisposeAsync();
            throw;
        }
        return partition;
    }

    private async Task DropAsync(ClusterNode from, ClusterNode to)
    {
        string[] rule = ["OUTPUT", "-o", "lo", "-p", "tcp", "-m", "cgroup", "--path", from.Cgroup,
            "--dport", to.RemotingPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "DROP"];
        var (code, output) = await RunAsync(["iptables", "-I", .. rule]);
        if (code != 0) throw new InvalidOperationException($"iptables -I {string.Join(' ', rule)} failed: {output}");
        _rules.Add(rule);
    }

    /// <summary>Heals the cut: deletes exactly the rules this partition added (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var rule in _rules) await RunAsync(["iptables", "-D", .. rule]);
        _rules.Clear();
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] command)
    {
        var info = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (process.ExitCode, await output + await error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
