using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Runtime.Startup;
using Abaco.Stores.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Runtime.Tests;

/// <summary>What a starting node clears of its previous process: the workers of its host, with their clients.</summary>
public sealed class NodeStartupSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"abaco-startup-{Guid.NewGuid():N}");
    private readonly SqliteStores _stores;

    public NodeStartupSpecs(ITestOutputHelper output) : base(output: output)
    {
        _stores = new SqliteStores(Path.Combine(_dataDir, "stores.db"));
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static WorkerRecord Worker(string id, string hostId) => new(id, "TEST", "aBcDeFgHiJkL", WorkerStatus.Ready,
        "abaco/test-busybox", 1, "", "", hostId, "", DateTime.UtcNow, null, null);

    [Fact(DisplayName = "A starting spawner and core node forgets the workers of its host, with their clients, and keeps other hosts' and the never-started ones")]
    public async Task Forgets_this_hosts_workers_and_their_clients()
    {
        var settings = Fixtures.Settings with
        {
            Node = Fixtures.Settings.Node with { Roles = NodeRoles.All, DataDir = _dataDir },
            Spawner = Fixtures.Settings.Spawner with { HostId = "host-1" },
        };
        foreach (var (worker, host) in new[] { ("w1", "host-1"), ("w2", "host-2"), ("w3", "") })
        {
            await _stores.Workers.UpsertAsync(Worker(worker, host));
            await _stores.Clients.AddAsync(Fixtures.Client(worker));
        }

        var startup = Sys.ActorOf(NodeStartupActor.Props(settings, _stores, new ScriptedContainerRuntime(),
            CreateTestProbe().Ref));
        Watch(startup);
        ExpectTerminated(startup, TimeSpan.FromSeconds(10));

        // Never-started workers (no host yet) may belong to entities alive on other core nodes: kept.
        Assert.Equal(["w2", "w3"], (await _stores.Workers.ListAsync(Fixtures.DbId)).Select(w => w.Id).Order());
        Assert.Equal(["w2", "w3"], (await _stores.Clients.ListForActorAsync(Fixtures.DbId)).Select(c => c.WorkerId).Order());
    }
}
