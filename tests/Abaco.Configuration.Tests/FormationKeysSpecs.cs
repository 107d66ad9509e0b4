using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

/// <summary>The keys of cluster formation and downing: what a file sets, and what is refused before a node starts.</summary>
public sealed class FormationKeysSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact(DisplayName = "A file sets the resolver, the frame size and config discovery with its endpoints")]
    public void Formation_keys_load()
    {
        var file = _dir.Write("cluster.hocon", """
            abaco.node {
              split_brain_strategy = KEEP-OLDEST
              split_brain_stable_after = 7s
              down_all_when_unstable = off
              maximum_frame_size = 64000
              discovery = config
              management_port = 9001
              discovery_service_name = "abaco-test"
              discovery_endpoints = ["127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9001"]
              required_contact_points = 3
            }
            """);

        var node = AbacoConfiguration.Load(file, Env.None).Node;

        Assert.Equal(SplitBrainStrategy.KeepOldest, node.SplitBrainStrategy);
        Assert.Equal(TimeSpan.FromSeconds(7), node.SplitBrainStableAfter);
        Assert.False(node.DownAllWhenUnstable);
        Assert.Equal(64_000, node.MaximumFrameSize);
        Assert.Equal(ClusterDiscovery.Config, node.Discovery);
        Assert.Equal(9001, node.ManagementPort);
        Assert.Equal("abaco-test", node.DiscoveryServiceName);
        Assert.Equal(["127.0.0.1:9001", "127.0.0.1:9002"], node.DiscoveryEndpoints.ToArray());
        Assert.Equal(3, node.RequiredContactPoints);
    }

    [Fact(DisplayName = "Kubernetes discovery takes a label selector and a namespace from the environment")]
    public void Kubernetes_keys_load()
    {
        var node = AbacoConfiguration.Load(null, Env.Of(("node_discovery", "kubernetes"),
            ("node_kubernetes_pod_label_selector", "app=abaco,tier=core"), ("node_kubernetes_namespace", "faas"))).Node;

        Assert.Equal(ClusterDiscovery.Kubernetes, node.Discovery);
        Assert.Equal("app=abaco,tier=core", node.KubernetesPodLabelSelector);
        Assert.Equal("faas", node.KubernetesNamespace);
    }

    [Theory(DisplayName = "A bad formation value stops loading, naming the key and what is allowed")]
    [InlineData("node_split_brain_strategy", "static-quorum", "abaco.node.split_brain_strategy must be 'keep-majority', 'keep-oldest' or 'down-all' but was 'static-quorum'")]
    [InlineData("node_split_brain_stable_after", "20", "abaco.node.split_brain_stable_after must be a positive duration with a unit")]
    [InlineData("node_down_all_when_unstable", "sometimes", "abaco.node.down_all_when_unstable must be true or false")]
    [InlineData("node_maximum_frame_size", "1000", "abaco.node.maximum_frame_size must be a whole number of at least 32000")]
    [InlineData("node_discovery", "dns", "abaco.node.discovery must be 'none', 'config' or 'kubernetes' but was 'dns'")]
    [InlineData("node_management_port", "70000", "abaco.node.management_port must be a port number from 0 to 65535")]
    [InlineData("node_discovery_endpoints", "10.0.0.5", "abaco.node.discovery_endpoints must list management endpoints as 'host:port', such as '10.0.0.5:8558' but was '10.0.0.5'")]
    [InlineData("node_required_contact_points", "0", "abaco.node.required_contact_points must be a whole number of at least 1")]
    [InlineData("node_kubernetes_pod_label_selector", "", "abaco.node.kubernetes_pod_label_selector must not be empty")]
    public void Invalid_formation_value_names_the_key(string variable, string value, string expected)
    {
        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of((variable, value))));

        Assert.Contains(expected, error.Message);
    }

    [Fact(DisplayName = "Discovery with seed nodes, or config discovery without endpoints, is refused")]
    public void Discovery_excludes_seeds_and_needs_endpoints()
    {
        var withSeeds = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of(
            ("node_discovery", "kubernetes"), ("node_seed_nodes", "akka.tcp://abaco@10.0.0.5:4053"))));
        var withoutEndpoints = Assert.Throws<AbacoConfigurationException>(() =>
            AbacoConfiguration.Load(null, Env.Of(("node_discovery", "config"))));

        Assert.Contains("abaco.node.discovery is 'kubernetes' but abaco.node.seed_nodes is not empty", withSeeds.Message);
        Assert.Contains("abaco.node.discovery is 'config' but abaco.node.discovery_endpoints is empty", withoutEndpoints.Message);
    }
}
