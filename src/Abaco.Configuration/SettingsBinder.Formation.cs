using System.Collections.Immutable;
using Abaco.Core.Settings;

namespace Abaco.Configuration;

/// <summary>The keys of how a node finds its cluster and how a partitioned cluster is resolved.</summary>
internal sealed partial class SettingsBinder
{
    private static readonly ValueRule<SplitBrainStrategy> SplitBrainStrategyRule = ValueRules.Choice(
        ("keep-majority", SplitBrainStrategy.KeepMajority), ("keep-oldest", SplitBrainStrategy.KeepOldest),
        ("down-all", SplitBrainStrategy.DownAll));

    private static readonly ValueRule<ClusterDiscovery> DiscoveryRule = ValueRules.Choice(
        ("none", ClusterDiscovery.None), ("config", ClusterDiscovery.Config), ("kubernetes", ClusterDiscovery.Kubernetes));

    /// <summary>Management endpoints as <c>host:port</c>, the form config discovery resolves.</summary>
    private static readonly ListRule DiscoveryEndpointsRule = ListRule.EachItem(IsHostAndPort,
        "must list management endpoints as 'host:port', such as '10.0.0.5:8558'",
        endpoints => [.. endpoints.Where(endpoint => endpoint.Length > 0).Distinct(StringComparer.Ordinal)]);

    private static bool IsHostAndPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var port) && port is > 0 and <= 65535;
    }

    /// <summary>
    /// Discovery and seeds exclude each other (Cluster.Bootstrap forms the cluster only when no seed is set), and
    /// config discovery needs endpoints to probe.
    /// </summary>
    private void CheckFormation(NodeSettings node)
    {
        if (node.Discovery == ClusterDiscovery.None) return;
        var discovery = PathOf("node", "discovery");
        if (!node.SeedNodes.IsEmpty)
            Fail(discovery, $"{discovery} is '{Scalar("node", "discovery")}' but {PathOf("node", "seed_nodes")} is not empty: use one or the other");
        if (node.Discovery == ClusterDiscovery.Config && node.DiscoveryEndpoints.IsEmpty)
            Fail(discovery, $"{discovery} is 'config' but {PathOf("node", "discovery_endpoints")} is empty, so no node could be found");
    }
}
