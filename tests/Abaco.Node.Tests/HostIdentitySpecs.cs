using Abaco.Core.Settings;

namespace Abaco.Node.Tests;

/// <summary>The host id: explicit when configured, else created once in the data directory and kept.</summary>
public sealed class HostIdentitySpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("abaco-host-id-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private AbacoSettings Settings(string hostId) => AbacoSettings.Defaults with
    {
        Node = AbacoSettings.Defaults.Node with { DataDir = Path.Combine(_dir, "data") },
        Spawner = AbacoSettings.Defaults.Spawner with { HostId = hostId },
    };

    [Fact(DisplayName = "By default the host id is the hostname and 8 random hex digits, kept in {data_dir}/host-id")]
    public void Created()
    {
        var resolved = HostIdentity.Resolve(Settings("")).Spawner.HostId;

        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(Environment.MachineName)}-[0-9a-f]{{8}}$", resolved);
        Assert.Equal(resolved, File.ReadAllText(Path.Combine(_dir, "data", HostIdentity.FileName)).Trim());
    }

    [Fact(DisplayName = "A restarted node keeps its host id; another data directory gets another one")]
    public void Stable()
    {
        var first = HostIdentity.Resolve(Settings("")).Spawner.HostId;

        Assert.Equal(first, HostIdentity.Resolve(Settings("")).Spawner.HostId);
        Assert.NotEqual(first, HostIdentity.ReadOrCreate(Path.Combine(_dir, "other")));
    }

    [Fact(DisplayName = "An explicit spawner.host_id wins and writes no file")]
    public void Explicit()
    {
        Assert.Equal("node-7", HostIdentity.Resolve(Settings("node-7")).Spawner.HostId);
        Assert.False(File.Exists(Path.Combine(_dir, "data", HostIdentity.FileName)));
    }

    [Fact(DisplayName = "The default host_id in abaco.hocon is empty, meaning: resolve it from the data directory")]
    public void DefaultIsEmpty() => Assert.Equal("", AbacoSettings.Defaults.Spawner.HostId);
}
