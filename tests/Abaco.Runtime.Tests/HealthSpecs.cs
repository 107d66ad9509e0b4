using Abaco.Runtime.Health;
using Xunit;

namespace Abaco.Runtime.Tests;

/// <summary>original-abaco.md §3.14 duty 1: FIFO and results-socket directories of workers that are gone are deleted.</summary>
public sealed class HealthSpecs : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"abaco-health-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    [Fact(DisplayName = "The IPC directories resolve as the workers resolve them: relative ones under node.data_dir")]
    public void Directories_resolve_under_data_dir()
    {
        var settings = Fixtures.Settings with
        {
            Node = Fixtures.Settings.Node with { DataDir = _dataDir },
            Workers = Fixtures.Settings.Workers with { SocketHostPathDir = "sockets", FifoHostPathDir = "/tmp/abaco-fifos-abs" },
        };

        var directories = IpcDirectories.For(settings);

        Assert.Equal([Path.Combine(_dataDir, "sockets"), "/tmp/abaco-fifos-abs"], directories);
    }

    [Fact(DisplayName = "Directories not named after a live worker are deleted with their contents; live ones stay")]
    public void Leftover_directories_are_deleted()
    {
        var sockets = Path.Combine(_dataDir, "sockets");
        var fifos = Path.Combine(_dataDir, "fifos");
        foreach (var dir in new[] { Path.Combine(sockets, "dead1"), Path.Combine(sockets, "live"), Path.Combine(fifos, "dead2") })
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "exec.sock"), "");
        }

        var removed = IpcDirectories.RemoveLeftovers([sockets, fifos, Path.Combine(_dataDir, "missing")],
            new HashSet<string> { "live" }, DateTime.UtcNow.AddSeconds(1));

        Assert.Equal(2, removed);
        Assert.False(Directory.Exists(Path.Combine(sockets, "dead1")));
        Assert.False(Directory.Exists(Path.Combine(fifos, "dead2")));
        Assert.True(File.Exists(Path.Combine(sockets, "live", "exec.sock")));
    }

    [Fact(DisplayName = "A directory created after the live workers were listed is kept: its worker just started")]
    public void Directories_newer_than_the_listing_are_kept()
    {
        var listedAt = DateTime.UtcNow.AddSeconds(-5);
        var fresh = Path.Combine(_dataDir, "sockets", "new-worker");
        Directory.CreateDirectory(fresh);

        var removed = IpcDirectories.RemoveLeftovers([Path.Combine(_dataDir, "sockets")], new HashSet<string>(), listedAt);

        Assert.Equal(0, removed);
        Assert.True(Directory.Exists(fresh));
    }
}
