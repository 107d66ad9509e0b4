using Abaco.Configuration;
using Abaco.Core.Settings;
using k8s.Models;

namespace Abaco.Deploy.Tests;

/// <summary>
/// Every kustomize overlay of docker/kubernetes renders (Debian's kubectl), reads strictly into the Kubernetes
/// models, and keeps the invariants whose breakage only shows once applied: selectors and labels, headless services,
/// probes on served paths and ports, RBAC for discovery, Secrets and config keys the node knows.
/// </summary>
public sealed class KubernetesManifestSpecs
{
    public static readonly TheoryData<string> Overlays = new() { "dev", "prod" };

    /// <summary>The paths every node serves on its web port (whatever its roles).</summary>
    private static readonly string[] ServedProbePaths = ["/healthz/live", "/healthz/ready"];

    [Theory(DisplayName = "An overlay renders into valid Kubernetes objects: both node StatefulSets, their Services, RBAC, budgets and config")]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_renders_into_valid_objects(string name)
    {
        var overlay = await RenderedOverlay.RenderAsync(name);
        foreach (var item in overlay.Objects)
            item.GetType().GetMethod("Validate", Type.EmptyTypes)?.Invoke(item, null);
        Assert.Equal(["abaco-core", "abaco-spawner"], overlay.NodeSets.Select(set => set.Metadata.Name).Order());
        Assert.Contains(overlay.All<V1Service>(), service => service.Metadata.Name == "abaco-api");
        Assert.Equal(2, overlay.All<V1PodDisruptionBudget>().Count());
        Assert.Single(overlay.All<V1Role>());
        Assert.Empty(overlay.All<V1ClusterRole>());
        // dev runs PostgreSQL and Redis beside the nodes; prod reaches external ones.
        var stores = overlay.StatefulSets.Except(overlay.NodeSets).Select(set => set.Metadata.Name).Order();
        Assert.Equal(name == "dev" ? ["abaco-postgres", "abaco-redis"] : [], stores);
    }

    [Theory(DisplayName = "Every StatefulSet selects its own pods and names a headless Service that selects them too")]
    [MemberData(nameof(Overlays))]
    public async Task StatefulSets_have_their_headless_service(string name)
    {
        var overlay = await RenderedOverlay.RenderAsync(name);
        foreach (var set in overlay.StatefulSets)
        {
            var labels = set.Spec.Template.Metadata.Labels;
            Assert.True(RenderedOverlay.Selects(set.Spec.Selector.MatchLabels, labels), $"{set.Metadata.Name}: selector does not match its pod labels");
            var service = Assert.Single(overlay.All<V1Service>(), s => s.Metadata.Name == set.Spec.ServiceName);
            Assert.Equal("None", service.Spec.ClusterIP);
            Assert.True(RenderedOverlay.Selects(service.Spec.Selector, labels), $"{service.Metadata.Name} does not select the pods of {set.Metadata.Name}");
        }
    }

    [Theory(DisplayName = "Every Service and PodDisruptionBudget selects pods, and Service target ports are ports those pods name")]
    [MemberData(nameof(Overlays))]
    public async Task Services_and_budgets_select_pods(string name)
    {
        var overlay = await RenderedOverlay.RenderAsync(name);
        foreach (var service in overlay.All<V1Service>())
        {
            var pods = overlay.StatefulSets.Where(set => RenderedOverlay.Selects(service.Spec.Selector, set.Spec.Template.Metadata.Labels)).ToList();
            Assert.True(pods.Count > 0, $"Service {service.Metadata.Name} selects no pods");
            foreach (var port in service.Spec.Ports)
                Assert.All(pods, set => Assert.Contains(set.Spec.Template.Spec.Containers.SelectMany(c => c.Ports),
                    named => named.Name == port.TargetPort.Value || named.ContainerPort.ToString() == port.TargetPort.Value));
        }
        foreach (var budget in overlay.All<V1PodDisruptionBudget>())
            Assert.Contains(overlay.NodeSets, set => RenderedOverlay.Selects(budget.Spec.Selector.MatchLabels, set.Spec.Template.Metadata.Labels));
    }

    [Theory(DisplayName = "Node pods have startup, liveness and readiness probes on /healthz paths at the node's web port")]
    [MemberData(nameof(Overlays))]
    public async Task Probes_point_at_served_paths_and_ports(string name)
    {
        var overlay = await RenderedOverlay.RenderAsync(name);
        foreach (var set in overlay.NodeSets)
        {
            var settings = NodePodSettings.Load(overlay, set);
            var container = RenderedOverlay.NodeContainer(set)!;
            foreach (var probe in new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe })
            {
                Assert.NotNull(probe?.HttpGet);
                Assert.Contains(probe.HttpGet.Path, ServedProbePaths);
                var port = Assert.Single(container.Ports, p => p.Name == probe.HttpGet.Port.Value);
                Assert.Equal(settings.Web.Port, port.ContainerPort);
            }
            Assert.Equal("/healthz/ready", container.ReadinessProbe.HttpGet.Path);
        }
    }

    [Theory(DisplayName = "RBAC lets the nodes' service account get, list and watch pods in their namespace, and nothing more")]
    [MemberData(nameof(Overlays))]
    public async Task Rbac_covers_discovery_only(string name)
    {
        var overlay = await RenderedOverlay.RenderAsync(name);
        var account = Assert.Single(overlay.NodeSets.Select(set => set.Spec.Template.Spec.ServiceAccountName).Distinct());
        Assert.Contains(overlay.All<V1ServiceAccount>(), a => a.Metadata.Name == account);
        var binding = Assert.Single(overlay.All<V1RoleBinding>(), b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account));
        Assert.Equal("Role", binding.RoleRef.Kind);
        var role = Assert.Single(overlay.All<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
        Assert.Equal(overlay.Namespace, role.Metadata.NamespaceProperty);
        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["get", "list", "watch"], rule.Verbs.Order());
    }

    [Theory(DisplayName = "Node pods load as the node would: real abaco.hocon keys only, Kubernetes discovery whose selector picks the node pods and their named ports")]
    [MemberData(nameof(Overlays))]
    public async Task Node_config_is_real_and_discovery_finds_the_nodes(string name)
    {
        var overlay = await RenderedOverlay.RenderAsync(name);
        var keys = AbacoConfiguration.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var set in overlay.NodeSets)
        {
            var container = RenderedOverlay.NodeContainer(set)!;
            // Variables that name no key are ignored by the node: a misspelt one would silently do nothing.
            foreach (var variable in container.Env.Where(v => v.Name.StartsWith("ABACO__", StringComparison.Ordinal)))
                Assert.Contains("abaco." + variable.Name["ABACO__".Length..].Replace("__", ".", StringComparison.Ordinal), keys);
            var settings = NodePodSettings.Load(overlay, set);
            Assert.Equal(ClusterDiscovery.Kubernetes, settings.Node.Discovery);
            Assert.Empty(settings.Node.SeedNodes);
            Assert.Equal(settings.Node.ManagementPort, Assert.Single(container.Ports, p => p.Name == "management").ContainerPort);
            Assert.Equal(settings.Node.Port, Assert.Single(container.Ports, p => p.Name == "remoting").ContainerPort);
            Assert.Equal("10.1.2.3", settings.Node.Hostname);
            var selector = LabelSelector(settings.Node.KubernetesPodLabelSelector);
            Assert.True(RenderedOverlay.Selects(selector, set.Spec.Template.Metadata.Labels), $"discovery does not find the pods of {set.Metadata.Name}");
            Assert.True(settings.Node.RequiredContactPoints <= overlay.NodeSets.Sum(s => s.Spec.Replicas ?? 1),
                "more contact points required than node pods exist: the cluster would never form");
        }
        var discovery = LabelSelector(NodePodSettings.Load(overlay, overlay.NodeSets.First()).Node.KubernetesPodLabelSelector);
        Assert.All(overlay.StatefulSets.Except(overlay.NodeSets), other =>
            Assert.False(RenderedOverlay.Selects(discovery, other.Spec.Template.Metadata.Labels), $"discovery would take {other.Metadata.Name} for a node"));
    }

    [Fact(DisplayName = "prod documents the Secret it expects: every key the pods read is in the kubectl create secret command")]
    public async Task Prod_secret_is_documented()
    {
        var overlay = await RenderedOverlay.RenderAsync("prod");
        Assert.Empty(overlay.All<V1Secret>());
        var documentation = await File.ReadAllTextAsync(Path.Combine(Abaco.Testing.AbacoNode.RepoRoot, RenderedOverlay.Directory("prod"), "kustomization.yaml"));
        var keys = overlay.NodeSets.SelectMany(set => RenderedOverlay.NodeContainer(set)!.Env)
            .Select(v => v.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>().Select(s => s.Key).Distinct().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains($"--from-literal={key}=", documentation));
        Assert.All(keys, key => Assert.Contains(key, NodePodSettings.OperatorSecret.Keys));
    }

    /// <summary>An equality-based label selector (<c>a=b,c=d</c>), the form discovery sends.</summary>
    public static Dictionary<string, string> LabelSelector(string selector) => selector
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(term => term.Split('=', 2))
        .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim());
}
