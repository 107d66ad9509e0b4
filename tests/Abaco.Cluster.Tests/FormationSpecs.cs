using System.Diagnostics;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// A cluster formed by Akka.Management's Cluster.Bootstrap, with no seed list: nodes find each other's management
/// endpoints (a static list, or the Kubernetes API listing pods), the lowest address forms the cluster and the
/// others join it; then it serves as any other.
/// </summary>
public sealed class FormationSpecs(ITestOutputHelper output)
{
    private const string Namespace = "abaco-test";

    [Fact(DisplayName = "Three nodes with config discovery and no seed list form one cluster, and a message sent through one runs")]
    public async Task Config_discovery_forms_one_cluster()
    {
        var started = Stopwatch.StartNew();
        await using var cluster = await BootstrapCluster.StartAsync(3, ports => $$"""
            abaco.node {
              discovery = config
              discovery_endpoints = [{{string.Join(", ", ports.Select(port => $"\"127.0.0.1:{port}\""))}}]
              required_contact_points = 3
            }
            """);
        output.WriteLine($"3 nodes formed a cluster through config discovery in {started.Elapsed.TotalSeconds:0.0} s");

        await AssertOneClusterServesAsync(cluster);
    }

    [Fact(DisplayName = "Three nodes with Kubernetes API discovery (a stand-in API server over HTTPS) form one cluster, and a message sent through one runs")]
    public async Task Kubernetes_discovery_forms_one_cluster()
    {
        var directory = Directory.CreateTempSubdirectory("abaco-k8s-").FullName;
        await using var api = new KubernetesApiStandIn(directory);
        // A pod of another application in the same namespace: the label selector must leave it out.
        api.AddPod(Namespace, new StandInPod("other-0", new Dictionary<string, string> { ["app"] = "other" }, "127.0.0.1",
            new Dictionary<string, int> { ["management"] = BootstrapCluster.FreePort() }));
        // The node processes inherit this process's environment: what a pod's environment holds, plus the kubeconfig
        // that hands the client the stand-in's CA (in a pod it reads the service account's ca.crt).
        using var environment = new EnvironmentScope(("KUBERNETES_SERVICE_HOST", api.Host),
            ("KUBERNETES_SERVICE_PORT", api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("KUBECONFIG", api.KubeconfigPath));
        var started = Stopwatch.StartNew();
        try
        {
            await using var cluster = await BootstrapCluster.StartAsync(3, ports =>
            {
                for (var i = 0; i < ports.Count; i++)
                    api.AddPod(Namespace, new StandInPod($"abaco-{i}", new Dictionary<string, string> { ["app"] = "abaco" },
                        "127.0.0.1", new Dictionary<string, int> { ["akka-remote"] = 1, ["management"] = ports[i] }));
                return $$"""
                    abaco.node {
                      discovery = kubernetes
                      kubernetes_namespace = "{{Namespace}}"
                      kubernetes_pod_label_selector = "app=abaco"
                      required_contact_points = 3
                    }
                    akka.discovery.kubernetes-api.api-token-path = "{{api.TokenPath}}"
                    """;
            });
            output.WriteLine($"3 nodes formed a cluster through Kubernetes API discovery in {started.Elapsed.TotalSeconds:0.0} s");

            Assert.Contains(api.Requests, request =>
                request.StartsWith($"GET /api/v1/namespaces/{Namespace}/pods?labelSelector=app%3Dabaco", StringComparison.Ordinal)
                && request.EndsWith("-> 200", StringComparison.Ordinal));
            await AssertOneClusterServesAsync(cluster);
        }
        finally
        {
            foreach (var request in api.Requests.Take(5)) output.WriteLine(request);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Every node Up in one cluster formed once, and a message posted to the last node runs.</summary>
    private async Task AssertOneClusterServesAsync(BootstrapCluster cluster)
    {
        await Eventually.TrueAsync(() => Task.FromResult(cluster.AllUp()), TimeSpan.FromSeconds(30), "every node to be Up");
        var founder = Assert.Single(cluster.SelfJoined());
        Assert.All(cluster.Nodes.Where(node => node != founder), node =>
            Assert.Contains("to existing cluster", node.Process.Output));

        using var client = new AbacoClient(cluster.Nodes[^1].Process.BaseUrl);
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = "formed" });
        var executionId = await client.SendAsync(actorId, "formed by bootstrap");
        await client.WaitCompleteAsync(actorId, executionId);
        Assert.Contains("Contents of MSG: formed by bootstrap", await client.LogsAsync(actorId, executionId));
    }
}
