using System.Text;
using System.Text.RegularExpressions;
using Abaco.Configuration;
using Abaco.Core.Settings;
using k8s.Models;

namespace Abaco.Deploy.Tests;

/// <summary>
/// What the node in a rendered pod would load: the ConfigMap's overlay at the path ABACO_CONF names, and the
/// container's environment as the kubelet would give it (downward-API fields and Secret values filled in,
/// <c>$(VAR)</c> references expanded). Loading it validates every key and value as the node does at start.
/// </summary>
public static partial class NodePodSettings
{
    /// <summary>Secret values for an overlay whose Secret is made by the operator (prod): the documented keys, valid values.</summary>
    public static readonly IReadOnlyDictionary<string, string> OperatorSecret = new Dictionary<string, string>
    {
        ["token_signing_key"] = Convert.ToBase64String(new byte[48]),
        ["encryption_key"] = Convert.ToBase64String(new byte[32]).Replace('+', '-').Replace('/', '_'),
        ["postgres_connection"] = "Host=db.example.org;Port=5432;Username=abaco;Password=x;Database=abaco",
        ["redis_configuration"] = "redis.example.org:6379,password=x",
    };

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["status.podIP"] = "10.1.2.3",
        ["status.hostIP"] = "10.0.0.1",
        ["metadata.name"] = "pod-0",
    };

    public static AbacoSettings Load(RenderedOverlay overlay, V1StatefulSet set)
    {
        var container = RenderedOverlay.NodeContainer(set)!;
        var environment = Environment(overlay, container);
        var configPath = environment["ABACO_CONF"];
        var file = Path.Combine(Directory.CreateTempSubdirectory("abaco-k8s-config-").FullName, "abaco.hocon");
        try
        {
            File.WriteAllText(file, ConfigFileAt(overlay, set, configPath));
            environment.Remove("ABACO_CONF");
            return AbacoConfiguration.Load(file, environment!);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary>The container's environment with every value resolved.</summary>
    public static Dictionary<string, string> Environment(RenderedOverlay overlay, V1Container container)
    {
        var values = new Dictionary<string, string>();
        foreach (var variable in container.Env ?? [])
            values[variable.Name] = variable switch
            {
                { Value: { } value } => Reference().Replace(value, match => values[match.Groups[1].Value]),
                { ValueFrom.FieldRef.FieldPath: { } field } => Fields[field],
                { ValueFrom.SecretKeyRef: { } secret } => SecretValue(overlay, secret),
                _ => throw new Xunit.Sdk.XunitException($"{container.Name}: env {variable.Name} has no value the test can resolve"),
            };
        return values;
    }

    /// <summary>A Secret value: from the rendered Secret, or (none rendered) from the operator's documented Secret.</summary>
    public static string SecretValue(RenderedOverlay overlay, V1SecretKeySelector selector)
    {
        var secret = overlay.All<V1Secret>().SingleOrDefault(s => s.Metadata.Name == selector.Name);
        if (secret is null)
            return OperatorSecret.TryGetValue(selector.Key, out var documented)
                ? documented
                : throw new Xunit.Sdk.XunitException($"Secret {selector.Name} key {selector.Key} is neither rendered nor documented");
        Assert.True(secret.Data.ContainsKey(selector.Key), $"Secret {selector.Name} has no key {selector.Key}");
        return Encoding.UTF8.GetString(secret.Data[selector.Key]);
    }

    /// <summary>The file a ConfigMap volume puts at <paramref name="path"/> in the node container.</summary>
    private static string ConfigFileAt(RenderedOverlay overlay, V1StatefulSet set, string path)
    {
        var container = RenderedOverlay.NodeContainer(set)!;
        var mount = Assert.Single(container.VolumeMounts, m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var volume = Assert.Single(set.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
        Assert.NotNull(volume.ConfigMap);
        var data = overlay.ConfigMap(volume.ConfigMap.Name).Data;
        var key = path[(mount.MountPath.Length + 1)..];
        Assert.True(data.ContainsKey(key), $"ConfigMap {volume.ConfigMap.Name} has no {key} for ABACO_CONF={path}");
        return data[key];
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
