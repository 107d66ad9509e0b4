using k8s;
using k8s.Models;

namespace Abaco.Deploy.Tests;

/// <summary>
/// A kustomize overlay of docker/kubernetes rendered by <c>kubectl kustomize</c> and read into the KubernetesClient
/// models, strictly: a field the Kubernetes schema does not have, or a value of the wrong type, fails the read.
/// </summary>
public sealed class RenderedOverlay
{
    private static readonly TimeSpan RenderDeadline = TimeSpan.FromSeconds(120);

    private RenderedOverlay(string name, IReadOnlyList<object> objects)
    {
        Name = name;
        Objects = objects;
    }

    public string Name { get; }
    public IReadOnlyList<object> Objects { get; }

    public static string Directory(string overlay) => Path.Combine("docker", "kubernetes", "overlays", overlay);

    public static async Task<RenderedOverlay> RenderAsync(string overlay)
    {
        var rendered = (await Tool.RunAsync("kubectl", ["kustomize", Directory(overlay)], RenderDeadline)).Succeeded();
        return new RenderedOverlay(overlay, KubernetesYaml.LoadAllFromString(rendered.Output, strict: true));
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public IEnumerable<V1StatefulSet> StatefulSets => All<V1StatefulSet>();

    /// <summary>The namespace every namespaced object is in (one per overlay).</summary>
    public string Namespace => Assert.Single(StatefulSets.Select(set => set.Metadata.NamespaceProperty).Distinct())!;

    /// <summary>The StatefulSets of Abaco nodes: pods whose container runs the node image.</summary>
    public IEnumerable<V1StatefulSet> NodeSets => StatefulSets.Where(set => NodeContainer(set) is not null);

    public static V1Container? NodeContainer(V1StatefulSet set) =>
        set.Spec.Template.Spec.Containers.FirstOrDefault(container => container.Image.Contains("abaco/core", StringComparison.Ordinal));

    public V1ConfigMap ConfigMap(string name) => Assert.Single(All<V1ConfigMap>(), map => map.Metadata.Name == name);

    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null &&
        selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
