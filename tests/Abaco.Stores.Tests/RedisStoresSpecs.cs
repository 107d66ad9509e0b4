using System.Diagnostics;
using Abaco.Core.Sharing;
using Abaco.Stores.Redis;
using Abaco.Stores.Tests.Backends;
using Abaco.Testing.Servers;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

/// <summary>What only the Redis backend (and the production composite over it) has: failing fast, riding out a restart.</summary>
public sealed class RedisStoresSpecs
{
    [Fact(DisplayName = "Redis: an unreachable server fails the connect at once, naming the endpoint")]
    public async Task Unreachable_server_fails_fast()
    {
        var port = ClosedPort.Next();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisStores.ConnectAsync(
            $"127.0.0.1:{port}", RedisStores.DefaultKeyPrefix, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.StartsWith($"Redis at 127.0.0.1:{port} is unreachable: ", error.Message);
    }

    [Fact(DisplayName = "Production: an unreachable Redis fails the open at once, naming Redis's endpoint")]
    public async Task Production_open_names_the_unreachable_redis()
    {
        var port = ClosedPort.Next();
        var postgres = new PostgresStoresUnderTest();
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await ProductionStores.OpenAsync(
                await postgres.ConnectionStringAsync(), $"127.0.0.1:{port}", "abaco:", TimeSpan.FromSeconds(30),
                CancellationToken.None));

            Assert.StartsWith($"Redis at 127.0.0.1:{port} is unreachable: ", error.Message);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Redis: stores under different key prefixes on one server do not see each other's data")]
    public async Task Prefixes_isolate()
    {
        var server = await SharedServers.Redis;
        await using var one = await RedisStores.ConnectAsync(server.Configuration, RedisServer.UniquePrefix(),
            TimeSpan.FromSeconds(30), CancellationToken.None);
        await using var other = await RedisStores.ConnectAsync(server.Configuration, RedisServer.UniquePrefix(),
            TimeSpan.FromSeconds(30), CancellationToken.None);

        await one.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));
        await one.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "host-1"));

        Assert.Empty(await other.Actors.ListAllAsync());
        Assert.Equal(0, await other.Actors.CountRegisteredAsync());
        Assert.Equal(0, await other.Workers.DeleteForHostAsync("host-1"));
        Assert.Single(await one.Workers.ListAllAsync());
    }

    [Fact(DisplayName = "Production: a Redis without its generation marker is claimed for a rebuild once, and again after it loses its data")]
    public async Task Generation_marker_claims_one_rebuild_per_loss()
    {
        var stores = new ProductionStoresUnderTest();
        var other = new ProductionStoresUnderTest();
        try
        {
            var production = (IRebuildableStores)await stores.OpenAsync();
            var neighbour = (IRebuildableStores)await other.OpenAsync();
            Assert.True(await production.ClaimRebuildAsync());
            Assert.False(await production.ClaimRebuildAsync());
            Assert.True(await neighbour.ClaimRebuildAsync());

            // This prefix's data is lost (a FLUSHALL would take other tests' data on the shared server too).
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(
                (await SharedServers.Redis).Configuration + ",allowAdmin=true");
            var keys = (StackExchange.Redis.RedisResult[])(await redis.GetDatabase().ExecuteAsync("KEYS", stores.RedisPrefix + "*"))!;
            foreach (var key in keys) await redis.GetDatabase().KeyDeleteAsync((string)key!);

            Assert.True(await production.ClaimRebuildAsync());
            Assert.False(await production.ClaimRebuildAsync());
            Assert.False(await neighbour.ClaimRebuildAsync());
        }
        finally
        {
            await stores.DisposeAsync();
            await other.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Redis: ids containing the key separator ':' or '%' do not collide in the key layout")]
    public async Task Separator_in_ids_does_not_collide()
    {
        var server = await SharedServers.Redis;
        await using var stores = await RedisStores.ConnectAsync(server.Configuration, RedisServer.UniquePrefix(),
            TimeSpan.FromSeconds(30), CancellationToken.None);
        var later = DateTime.UtcNow.AddMinutes(20);

        await stores.Results.PushAsync("DEV_a", "b:c", [1], later);
        await stores.Results.PushAsync("DEV_a:b", "c", [2], later);
        await stores.Results.PushAsync("DEV_a%3Ab", "c", [3], later);

        Assert.Equal([2], await stores.Results.PopAsync("DEV_a:b", "c", DateTime.UtcNow));
        Assert.Equal([1], await stores.Results.PopAsync("DEV_a", "b:c", DateTime.UtcNow));
        Assert.Equal([3], await stores.Results.PopAsync("DEV_a%3Ab", "c", DateTime.UtcNow));
    }

    [Fact(DisplayName = "Redis: a result queue carries a TTL of its latest result's expiry, so unread results vanish by themselves")]
    public async Task Result_queues_expire_by_themselves()
    {
        var server = await SharedServers.Redis;
        await using var stores = await RedisStores.ConnectAsync(server.Configuration, RedisServer.UniquePrefix(),
            TimeSpan.FromSeconds(30), CancellationToken.None);
        var now = DateTime.UtcNow;

        await stores.Results.PushAsync("DEV_a1", "e1", [1], now.AddMinutes(20));
        await stores.Results.PushAsync("DEV_a1", "e1", [2], now.AddMinutes(5));

        var ttl = await stores.Connection.Database.KeyTimeToLiveAsync(stores.Connection.Key("results:q", "DEV_a1", "e1"));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20.1));
    }

    [Fact(DisplayName = "Redis: an operation started while the server is down completes once it is back, and earlier data is kept")]
    public async Task Rides_out_a_restart()
    {
        await using var server = await RedisServer.StartAsync();
        await using var stores = await RedisStores.ConnectAsync(server.Configuration, RedisServer.UniquePrefix(),
            TimeSpan.FromSeconds(60), CancellationToken.None);
        var actor = StoreSamples.FullActor();
        await stores.Actors.UpsertAsync(actor);
        await stores.Results.PushAsync("DEV_a1", "e1", [1, 2, 3], DateTime.UtcNow.AddMinutes(20));

        await server.StopAsync();
        var pending = stores.Results.PopAsync("DEV_a1", "e1", DateTime.UtcNow);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(pending.IsCompleted, "the read should wait for the server, not fail or succeed");
        await server.StartAgainAsync();

        Assert.Equal([1, 2, 3], await pending.WaitAsync(TimeSpan.FromSeconds(30)));
        DeepAssert.Equal(actor, await stores.Actors.GetAsync(actor.DbId));
    }

    [Fact(DisplayName = "Redis: an operation gives up once the server has been away longer than the retry bound")]
    public async Task Gives_up_after_the_bound()
    {
        await using var server = await RedisServer.StartAsync();
        await using var stores = await RedisStores.ConnectAsync(server.Configuration, RedisServer.UniquePrefix(),
            TimeSpan.FromSeconds(2), CancellationToken.None);

        await server.StopAsync();
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<StackExchange.Redis.RedisException>(() => stores.Actors.GetAsync("DEV_a1"));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }
}
