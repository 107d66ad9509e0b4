using Abaco.Core.Settings;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;

namespace Abaco.Runtime.Hosting;

/// <summary>
/// Keeps a restarted first seed from forming a cluster of its own beside the one it left. The first of
/// <c>node.seed_nodes</c> joins itself when no other seed answers within Akka's seed-node-timeout (5 s); a node
/// restarting into a busy cluster can wait longer than that for its new incarnation's connections, and a second
/// cluster on the same database would run a second copy of every actor it wakes. So a node that has been Up before
/// (a marker file in its data directory says so) waits <see cref="NodeSettings.RejoinSeedTimeout"/> instead. A fresh
/// node keeps Akka's timeout: first formation is not slowed, and seeds that run but have not joined answer at once.
/// </summary>
public static class SeedRejoin
{
    public const string MarkerFile = "cluster-member";

    public static AkkaConfigurationBuilder WithSeedRejoin(this AkkaConfigurationBuilder builder, NodeSettings node)
    {
        var marker = Path.Combine(node.DataDir, MarkerFile);
        if (IsFirstOfSeveralSeeds(node) && File.Exists(marker))
            builder.AddHocon($"akka.cluster.seed-node-timeout = {(long)node.RejoinSeedTimeout.TotalMilliseconds}ms",
                HoconAddMode.Prepend);
        return builder.AddStartup((system, _) =>
            Cluster.Get(system).RegisterOnMemberUp(() => WriteMarker(node.DataDir, marker)));
    }

    /// <summary>Only the first seed ever joins itself; for the others the timeout is their retry interval.</summary>
    public static bool IsFirstOfSeveralSeeds(NodeSettings node)
    {
        if (node.SeedNodes.Length < 2 || node.Port == 0) return false;
        var first = Address.Parse(node.SeedNodes[0]);
        return first.Port == node.Port && string.Equals(first.Host, node.Hostname, StringComparison.OrdinalIgnoreCase);
    }

    private static void WriteMarker(string dataDir, string marker)
    {
        Directory.CreateDirectory(dataDir);
        if (!File.Exists(marker)) File.WriteAllText(marker, "this node has been a cluster member\n");
    }
}
