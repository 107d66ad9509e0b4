using System.Diagnostics;
using System.Globalization;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Abaco.Testing.Servers;
using k8s.Models;

namespace Abaco.Deploy.Tests;

/// <summary>
/// The dev overlay's pods as node processes on loopback: each with the rendered ConfigMap overlay and the roles of its
/// StatefulSet, finding the others through Akka.Discovery.KubernetesApi against a stand-in API server that lists pods
/// with the rendered labels and named ports (the store pods included, which discovery must leave out).
/// </summary>
public sealed class KubernetesFormationSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan UpDeadline = TimeSpan.FromSeconds(60);

    [Fact(DisplayName = "Nodes configured as the dev overlay's pods form one cluster through Kubernetes discovery of the manifests' labels, and run a message")]
    public async Task Rendered_pods_form_a_cluster()
    {
        var overlay = await RenderedOverlay.RenderAsync("dev");
        var directory = Directory.CreateTempSubdirectory("abaco-k8s-deploy-").FullName;
        var nodes = new List<PodNode>();
        await using var api = new KubernetesApiStandIn(directory);
        var previous = SetEnvironment(("KUBERNETES_SERVICE_HOST", api.Host),
            ("KUBERNETES_SERVICE_PORT", api.Port.ToString(CultureInfo.InvariantCulture)), ("KUBECONFIG", api.KubeconfigPath));
        try
        {
            var stores = AbacoNode.ProductionStoreConfig(await (await SharedServers.Postgres).CreateDatabaseAsync(),
                (await SharedServers.Redis).Configuration, RedisServer.UniquePrefix());
            var sharedKey = ClusterTuning.SharedEncryptionKey();
            foreach (var set in overlay.StatefulSets)
                for (var ordinal = 0; ordinal < (set.Spec.Replicas ?? 1); ordinal++)
                {
                    var pod = $"{set.Metadata.Name}-{ordinal}";
                    var node = RenderedOverlay.NodeContainer(set) is null ? null : PodNode.Create(overlay, set, pod, stores, sharedKey, api.TokenPath);
                    if (node is not null) nodes.Add(node);
                    api.AddPod(overlay.Namespace, new StandInPod(pod, set.Spec.Template.Metadata.Labels.ToDictionary(),
                        "127.0.0.1", NamedPorts(set, node)));
                }
            var started = Stopwatch.StartNew();
            await Task.WhenAll(nodes.Select(node => node.Process.StartAsync()));
            await Eventually.TrueAsync(() => Task.FromResult(nodes.All(node => IsUp(nodes, node))), UpDeadline, "every node pod to be Up");
            output.WriteLine($"{nodes.Count} node pods formed a cluster through Kubernetes discovery in {started.Elapsed.TotalSeconds:0.0} s");

            Assert.Single(nodes, node => node.Process.Output.Contains("Initiating new cluster, self-joining", StringComparison.Ordinal));
            Assert.Contains(api.Requests, request =>
                request.StartsWith($"GET /api/v1/namespaces/{overlay.Namespace}/pods?labelSelector=", StringComparison.Ordinal) &&
                request.EndsWith("-> 200", StringComparison.Ordinal));
            await AssertMessageRunsAsync(nodes);
        }
        finally
        {
            foreach (var request in api.Requests.Take(3)) output.WriteLine(request);
            foreach (var node in nodes) await node.Process.DisposeAsync();
            SetEnvironment(previous);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A message sent to an api pod runs in a container the spawner pod starts.</summary>
    private static async Task AssertMessageRunsAsync(List<PodNode> nodes)
    {
        var apiNode = nodes.First(node => node.Roles.Contains("api"));
        Assert.Contains(nodes, node => node.Roles.Contains("spawner") && !node.Roles.Contains("api"));
        using var client = new AbacoClient(apiNode.Process.BaseUrl);
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = "k8s-formed" });
        var executionId = await client.SendAsync(actorId, "formed from the manifests");
        await client.WaitCompleteAsync(actorId, executionId);
        Assert.Contains("Contents of MSG: formed from the manifests", await client.LogsAsync(actorId, executionId));
    }

    private static bool IsUp(List<PodNode> nodes, PodNode node) => nodes.Any(other =>
        other.Process.Output.Contains($"Leader is moving node [akka.tcp://abaco@127.0.0.1:{node.RemotingPort}] to [Up]", StringComparison.Ordinal));

    /// <summary>The pod's named container ports, with a node's remoting and management ports where its process listens.</summary>
    private static Dictionary<string, int> NamedPorts(V1StatefulSet set, PodNode? node) =>
        set.Spec.Template.Spec.Containers.SelectMany(c => c.Ports ?? []).Where(p => p.Name is not null)
            .ToDictionary(p => p.Name, p => (p.Name, node) switch
            {
                ("management", { } n) => n.ManagementPort,
                ("remoting", { } n) => n.RemotingPort,
                _ => p.ContainerPort,
            });

    private static (string, string?)[] SetEnvironment(params (string Name, string? Value)[] variables)
    {
        var previous = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        return previous;
    }
}

/// <summary>One node pod as a process: the rendered ConfigMap overlay, then what differs on loopback.</summary>
internal sealed record PodNode(string Pod, string Roles, int RemotingPort, int ManagementPort, AbacoNode Process)
{
    public static PodNode Create(RenderedOverlay overlay, V1StatefulSet set, string pod, string stores, string sharedKey, string tokenPath)
    {
        var container = RenderedOverlay.NodeContainer(set)!;
        var roles = NodePodSettings.Environment(overlay, container)["ABACO__NODE__ROLES"];
        var configMap = overlay.ConfigMap(Assert.Single(set.Spec.Template.Spec.Volumes, v => v.ConfigMap is not null).ConfigMap.Name);
        var (remoting, management) = (Ports.Free(), Ports.Free());
        var dataDir = Directory.CreateTempSubdirectory("abaco-pod-").FullName;
        var config = string.Join('\n',
            configMap.Data["abaco.hocon"],
            $"abaco.node.roles = [{roles}]",
            "abaco.node.hostname = \"127.0.0.1\"",
            $"abaco.node.port = {remoting}",
            $"abaco.node.management_port = {management}",
            $"abaco.node.data_dir = \"{dataDir}\"",
            // What a pod reads from its service account's namespace file.
            $"abaco.node.kubernetes_namespace = \"{overlay.Namespace}\"",
            "abaco.web.host = \"127.0.0.1\"",
            "abaco.web.port = 0",
            sharedKey,
            $"akka.discovery.kubernetes-api.api-token-path = \"{tokenPath}\"");
        var node = new AbacoNode(config, dataDir: dataDir, hostId: $"{pod}-{Guid.NewGuid():N}"[..24], storeConfig: stores);
        return new PodNode(pod, roles, remoting, management, node);
    }
}
