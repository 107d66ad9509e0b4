using System.Diagnostics;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Stores.Sqlite;
using TestDocker = Abaco.Testing.Docker;

namespace Abaco.Node.Tests;

/// <summary>
/// A starting spawner node clears what a previous process of its own host left (containers by label, worker records,
/// IPC directories) and nothing of another host's, which may be alive; workers requested but not yet started (no host
/// id) belong to entities that may live on other core nodes and are kept too.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class StartupCleanupSpecs : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("abaco-cleanup-").FullName;
    private readonly string _self = $"cleanup-self-{Guid.NewGuid():N}"[..24];
    private readonly string _other = $"cleanup-other-{Guid.NewGuid():N}"[..24];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await TestDocker.RemoveContainersAsync($"abaco.host_id={_self}");
        await TestDocker.RemoveContainersAsync($"abaco.host_id={_other}");
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact(DisplayName = "A spawner node's start removes its own host's leftovers and keeps other hosts' and unstarted workers")]
    public async Task OnlyOwnHost()
    {
        await CreateContainerAsync(_self);
        await CreateContainerAsync(_other);
        var stores = new SqliteStores(Path.Combine(_dataDir, AbacoSettings.Defaults.Store.SqliteFile));
        await using (stores)
        {
            await stores.Workers.UpsertAsync(Worker("ownworker", _self));
            await stores.Workers.UpsertAsync(Worker("otherworker", _other));
            await stores.Workers.UpsertAsync(Worker("requested", ""));
        }
        var sockets = Path.Combine(_dataDir, AbacoSettings.Defaults.Workers.SocketHostPathDir);
        Directory.CreateDirectory(Path.Combine(sockets, "ownworker"));
        Directory.CreateDirectory(Path.Combine(sockets, "otherworker"));

        await using (var node = await NodeProcess.StartAsync(["--roles", "spawner"],
                         $"abaco.spawner.host_id = \"{_self}\"", _dataDir))
        {
            await node.WaitForOutputAsync("Node start: removed 1 leftover containers and 1 leftover IPC directories, " +
                                          "forgot 1 dead workers", NodeProcess.StartDeadline);
        }

        Assert.Empty(await TestDocker.ContainerIdsAsync($"abaco.host_id={_self}"));
        Assert.Single(await TestDocker.ContainerIdsAsync($"abaco.host_id={_other}"));
        await using var after = new SqliteStores(Path.Combine(_dataDir, AbacoSettings.Defaults.Store.SqliteFile));
        Assert.Equal(["otherworker", "requested"], (await after.Workers.ListAllAsync()).Select(w => w.Id).Order());
        Assert.False(Directory.Exists(Path.Combine(sockets, "ownworker")));
        Assert.True(Directory.Exists(Path.Combine(sockets, "otherworker")));
    }

    private static WorkerRecord Worker(string id, string hostId) => new(id, "DEV", "actor1", "READY", "abaco/test-sleep",
        1, "", WorkerRecord.NoContainer, hostId, "127.0.0.1", DateTime.UtcNow, null, null);

    /// <summary>A stopped container labelled as an actor container of <paramref name="hostId"/>.</summary>
    private static async Task CreateContainerAsync(string hostId)
    {
        var info = new ProcessStartInfo("docker", ["create", "--label", "abaco.managed=true", "--label",
            $"abaco.host_id={hostId}", "abaco/test-sleep"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"docker create failed: {await error}");
    }
}
