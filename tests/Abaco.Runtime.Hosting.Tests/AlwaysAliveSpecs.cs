using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>
/// An entity with work (here: a queued message) stays alive on some core node with no client touching it: when the
/// core node holding it dies, and when the whole cluster restarts. No message is sent to an entity between its loss
/// and the check; the start-up wake cannot be what brings it back (the restarted node's stores are empty).
/// </summary>
public sealed class AlwaysAliveSpecs : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"abaco-alive-{Guid.NewGuid():N}");
    private readonly List<IHost> _hosts = [];
    private readonly List<SqliteStores> _stores = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            using var stop = new CancellationTokenSource(Wait);
            await host.StopAsync(stop.Token);
            host.Dispose();
        }
        foreach (var stores in _stores) await stores.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact(DisplayName = "When the core node holding entities with queued messages dies, the survivor restarts them unasked")]
    public async Task Node_loss()
    {
        var stores = Stores("shared.db");
        var first = await StartAsync(TestNodes.Settings(Path.Combine(_dataDir, "a"), [NodeRoles.Core]), stores);
        var firstSystem = first.Services.GetRequiredService<ActorSystem>();
        var seed = Cluster.Get(firstSystem).SelfAddress.ToString();
        // Both nodes share one journal, as core nodes of a cluster share one database.
        var secondSettings = TestNodes.Settings(Path.Combine(_dataDir, "a"), [NodeRoles.Core], seed);
        var second = await StartAsync(secondSettings, stores);
        var secondSystem = second.Services.GetRequiredService<ActorSystem>();
        await Eventually.TrueAsync(() => Task.FromResult(
            Cluster.Get(firstSystem).State.Members.Count(m => m.Status == MemberStatus.Up) == 2), Wait, "two members Up");

        var region = ActorRegistry.For(firstSystem).Get<ActorEntityRegion>();
        var secondRegion = ActorRegistry.For(secondSystem).Get<ActorEntityRegion>();
        // New shards go to the second node only once its region has registered with the coordinator: queue to one
        // more actor at a time until some live there.
        var queued = 0;
        await Eventually.TrueAsync(async () =>
        {
            await QueueOneAsync(region, ActorKey.Of("DEV", $"alive{queued++}"));
            return queued >= 8 && (await EntityIdsAsync(secondRegion)).Length > 0;
        }, Wait, "entities with a queued message to live on the second node");
        var onSecond = await EntityIdsAsync(secondRegion);

        // A crash: no coordinated shutdown, no hand-over; the survivor downs it (as the split-brain resolver would).
        var lost = Cluster.Get(secondSystem).SelfAddress;
        ((ExtendedActorSystem)secondSystem).Abort();
        await secondSystem.WhenTerminated.WaitAsync(Wait, Ct);
        Cluster.Get(firstSystem).Down(lost);

        await Eventually.TrueAsync(async () => onSecond.All((await EntityIdsAsync(region)).Contains), Wait,
            $"the survivor to restart [{string.Join(", ", onSecond)}] by itself");
        foreach (var dbId in onSecond)
            Assert.Equal(1, (await region.Ask<MessageCount>(new GetMessageCount(ActorKey.Parse(dbId)), Wait, Ct)).Count);
    }

    [Fact(DisplayName = "After a full cluster restart an entity with a queued message is back before any client asks")]
    public async Task Full_restart()
    {
        var settings = TestNodes.Settings(Path.Combine(_dataDir, "journal"), [NodeRoles.Core]);
        var before = await StartAsync(settings, Stores("before.db"));
        var key = ActorKey.Of("DEV", "restarted");
        await QueueOneAsync(ActorRegistry.For(before.Services.GetRequiredService<ActorSystem>()).Get<ActorEntityRegion>(), key);
        await before.StopAsync(Ct);
        _hosts.Remove(before);
        before.Dispose();

        // The same journal; empty stores, so the start-up wake has no actor to wake.
        var emptyStores = Stores("after.db");
        var after = await StartAsync(settings, emptyStores);
        var region = ActorRegistry.For(after.Services.GetRequiredService<ActorSystem>()).Get<ActorEntityRegion>();

        await Eventually.TrueAsync(async () => (await EntityIdsAsync(region)).Contains(key.DbId), Wait,
            "the entity to be restarted by remember-entities");
        // Recovered, it rewrote its record into the stores.
        await Eventually.TrueAsync(async () => await emptyStores.Actors.GetAsync(key.DbId, Ct) is not null, Wait,
            "the recovered entity to write its actor record");
    }

    private SqliteStores Stores(string file)
    {
        Directory.CreateDirectory(_dataDir);
        var stores = new SqliteStores(Path.Combine(_dataDir, file));
        _stores.Add(stores);
        return stores;
    }

    private async Task<IHost> StartAsync(AbacoSettings settings, SqliteStores stores)
    {
        var host = await TestNodes.StartAsync(settings, stores, Ct);
        _hosts.Add(host);
        return host;
    }

    private static async Task QueueOneAsync(IActorRef region, ActorKey key)
    {
        var reply = await region.Ask<ActorReply>(new RegisterActor(key, Samples.Definition(), Samples.Owner,
            Samples.ApiServer), Wait, Ct);
        Assert.True(reply.Result.IsOk, reply.Result.Message);
        await region.Ask<MessageAccepted>(new SendMessage(key, Samples.Message($"{key.Id}-1")), Wait, Ct);
    }

    /// <summary>The entities a node's region hosts now (asking the region starts none).</summary>
    private static async Task<string[]> EntityIdsAsync(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Wait, Ct);
        return state.Shards.SelectMany(s => s.EntityIds).ToArray();
    }
}
