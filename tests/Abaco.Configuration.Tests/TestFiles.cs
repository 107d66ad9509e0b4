using System.Collections.Immutable;
using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

/// <summary>A scratch directory for overlay files, removed after each test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "abaco-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string hocon)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, hocon);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class Env
{
    public static readonly IReadOnlyDictionary<string, string?> None = new Dictionary<string, string?>();

    public static IReadOnlyDictionary<string, string?> Of(params (string Name, string? Value)[] variables) =>
        variables.ToDictionary(variable => variable.Name, variable => variable.Value);

    /// <summary>The checked-in files copied next to the test assembly.</summary>
    public static string Checked(string relativePath) => Path.Combine(AppContext.BaseDirectory, relativePath);
}

/// <summary>
/// Record-by-record comparison. Needed because <see cref="ImmutableArray{T}"/> and <see cref="ImmutableDictionary{TKey,TValue}"/>
/// compare by reference, so two equal settings records are not <c>Equals</c>.
/// </summary>
internal static class SettingsAssert
{
    public static void Equal(AbacoSettings expected, AbacoSettings actual)
    {
        Assert.Equal(expected.General, actual.General);

        Assert.Equal(expected.Node.Roles.ToArray(), actual.Node.Roles.ToArray());
        Assert.Equal(expected.Node.SeedNodes.ToArray(), actual.Node.SeedNodes.ToArray());
        Assert.Equal(expected.Node.DiscoveryEndpoints.ToArray(), actual.Node.DiscoveryEndpoints.ToArray());
        Assert.Equal(expected.Node with { Roles = default, SeedNodes = default, DiscoveryEndpoints = default },
            actual.Node with { Roles = default, SeedNodes = default, DiscoveryEndpoints = default });

        Assert.Equal(expected.Logs.Level, actual.Logs.Level);
        Assert.Equal(expected.Logs.Levels.OrderBy(pair => pair.Key), actual.Logs.Levels.OrderBy(pair => pair.Key));

        Assert.Equal(expected.Web.AllQueues.ToArray(), actual.Web.AllQueues.ToArray());
        Assert.Equal(expected.Web.ProtectedEnvNames.ToArray(), actual.Web.ProtectedEnvNames.ToArray());
        Assert.Equal(expected.Web.WebhookDenyCidrs.ToArray(), actual.Web.WebhookDenyCidrs.ToArray());
        Assert.Equal(expected.Web with { AllQueues = default, ProtectedEnvNames = default, WebhookDenyCidrs = default },
            actual.Web with { AllQueues = default, ProtectedEnvNames = default, WebhookDenyCidrs = default });

        Assert.Equal(expected.Spawner.HostQueues.ToArray(), actual.Spawner.HostQueues.ToArray());
        Assert.Equal(expected.Spawner with { HostQueues = default }, actual.Spawner with { HostQueues = default });

        Assert.Equal(expected.Docker, actual.Docker);
        Assert.Equal(expected.Workers.GlobalMounts.ToArray(), actual.Workers.GlobalMounts.ToArray());
        Assert.Equal(expected.Workers.PrivilegedMounts.ToArray(), actual.Workers.PrivilegedMounts.ToArray());
        Assert.Equal(expected.Workers with { GlobalMounts = default, PrivilegedMounts = default },
            actual.Workers with { GlobalMounts = default, PrivilegedMounts = default });
        Assert.Equal(expected.Store, actual.Store);
    }
}
