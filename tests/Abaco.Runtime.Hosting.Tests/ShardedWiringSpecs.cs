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
/// The sharded actor entities as a node starts them: the test kit's actor system is a core node built by the same
/// <see cref="AbacoRuntimeHosting.AddAbacoRuntime"/> the server calls (cluster, SQLite journal, serializer, shard
/// region), with SQLite stores. What reaches an entity goes through the registry's <see cref="ActorEntityRegion"/>,
/// as the API's does.
/// </summary>
public sealed class ShardedWiringSpecs : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"abaco-wiring-{Guid.NewGuid():N}");
    private readonly SqliteStores _stores;
    private readonly AbacoSettings _core;

    public ShardedWiringSpecs(ITestOutputHelper output)
        : base(TestNodes.SystemName, output, startupTimeout: TimeSpan.FromSeconds(30))
    {
        _core = TestNodes.Settings(Path.Combine(_dataDir, "core"), [NodeRoles.Core]);
        Directory.CreateDirectory(_dataDir);
        _stores = new SqliteStores(Path.Combine(_dataDir, "stores.db"));
    }

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) =>
        TestNodes.AddServices(services, _core, _stores);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAbacoRuntime(_core);

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        await _stores.DisposeAsync();
    }

    [Fact(DisplayName = "Each db id reaches its own entity through the region: messages queue where their db id says")]
    public async Task Messages_route_by_db_id()
    {
        var region = await ActorRegistry.GetAsync<ActorEntityRegion>(Ct);

        var a = ActorKey.Of("DEV", "actorA");
        var b = ActorKey.Of("DEV", "actorB");

        await RegisterAsync(region, a);
        await RegisterAsync(region, b);
        await SendAsync(region, a, "e1");
        await SendAsync(region, b, "e2");
        var third = await SendAsync(region, a, "e3");

        Assert.Equal(2, third.PendingMessages);
        Assert.Equal(2, (await region.Ask<MessageCount>(new GetMessageCount(a), Wait, Ct)).Count);
        Assert.Equal(1, (await region.Ask<MessageCount>(new GetMessageCount(b), Wait, Ct)).Count);
        Assert.Equal(["DEV_actorA", "DEV_actorB"], await EntityIdsAsync(region));
    }

    [Fact(DisplayName = "A node without the core role reaches the core node's entities through its proxy and hosts none")]
    public async Task Api_node_forwards_to_the_core_region()
    {
        var region = await ActorRegistry.GetAsync<ActorEntityRegion>(Ct);
        var api = TestNodes.Settings(Path.Combine(_dataDir, "api"), [NodeRoles.Api], Cluster.Get(Sys).SelfAddress.ToString());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(Wait);
        var apiHost = await TestNodes.StartAsync(api, _stores, cts.Token);
        try
        {
            var apiSystem = apiHost.Services.GetRequiredService<ActorSystem>();
            await AwaitAssertAsync(() => Assert.Equal(2, Cluster.Get(apiSystem).State.Members.Count(m => m.Status == MemberStatus.Up)),
                Wait, cancellationToken: Ct);
            var proxy = ActorRegistry.For(apiSystem).Get<ActorEntityRegion>();

            var key = ActorKey.Of("DEV", "viaProxy");
            var reply = await proxy.Ask<ActorReply>(Register(key), Wait, Ct);
            Assert.True(reply.Result.IsOk, reply.Result.Message);
            var accepted = await proxy.Ask<MessageAccepted>(new SendMessage(key, Samples.Message("e1")), Wait, Ct);

            Assert.Equal(1, accepted.PendingMessages);
            Assert.Equal(["DEV_viaProxy"], await EntityIdsAsync(region));
        }
        finally
        {
            await apiHost.StopAsync(CancellationToken.None); // also when the test was cancelled
            apiHost.Dispose();
        }
    }

    private static RegisterActor Register(ActorKey key) =>
        new(key, Samples.Definition(), Samples.Owner, Samples.ApiServer);

    private static async Task RegisterAsync(IActorRef region, ActorKey key)
    {
        var reply = await region.Ask<ActorReply>(Register(key), Wait, Ct);
        Assert.True(reply.Result.IsOk, reply.Result.Message);
        Assert.Equal(key.DbId, reply.Actor!.DbId);
    }

    private static Task<MessageAccepted> SendAsync(IActorRef region, ActorKey key, string executionId) =>
        region.Ask<MessageAccepted>(new SendMessage(key, Samples.Message(executionId)), Wait, Ct);

    /// <summary>The entities this node's region hosts, by name: the name of an entity is its db id.</summary>
    private static async Task<string[]> EntityIdsAsync(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Wait, Ct);
        return state.Shards.SelectMany(s => s.EntityIds).Order(StringComparer.Ordinal).ToArray();
    }
}
