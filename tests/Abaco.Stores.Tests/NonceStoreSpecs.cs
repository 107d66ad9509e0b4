using Abaco.Core.Sharing;
using Abaco.Stores.Tests.Backends;
using Abaco.Testing.Servers;
using Abaco.Tests.Support;
using Npgsql;
using StackExchange.Redis;

namespace Abaco.Stores.Tests;

public abstract class NonceStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private static readonly DateTime Now = Samples.T0.AddDays(1);

    private INonceStore Nonces => Stores.Nonces;

    [Fact(DisplayName = "Actor and alias nonces read back field by field under their subject (actor dbid or alias id)")]
    public async Task Round_trip()
    {
        var actorNonce = StoreSamples.ActorNonce("DEV", "a1", "DEV_n1") with { LastUseTime = Samples.T0.AddHours(1), CurrentUses = 2, RemainingUses = 3 };
        var aliasNonce = StoreSamples.AliasNonce("DEV", "hello", "DEV_n2", maxUses: -1);

        await Nonces.AddAsync(actorNonce);
        await Nonces.AddAsync(aliasNonce);

        DeepAssert.Equal(actorNonce, await Nonces.GetAsync("DEV_a1", "DEV_n1"));
        DeepAssert.Equal(aliasNonce, await Nonces.GetAsync("DEV_hello", "DEV_n2"));
        Assert.Null(await Nonces.GetAsync("DEV_hello", "DEV_n1"));
        Assert.Null(await Nonces.GetAsync("DEV_a1", "nope"));
    }

    [Fact(DisplayName = "A subject's nonces list in creation order; other subjects, and tenants differing in case, are separate")]
    public async Task List_per_subject()
    {
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n-b"));
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a2", "n-x"));
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n-a"));
        await Nonces.AddAsync(StoreSamples.ActorNonce("dev", "a1", "n-lower"));
        await Nonces.AddAsync(StoreSamples.AliasNonce("DEV", "hello", "n-alias"));

        Assert.Equal(["n-b", "n-a"], (await Nonces.ListAsync("DEV_a1")).Select(n => n.Id));
        Assert.Equal(["n-lower"], (await Nonces.ListAsync("dev_a1")).Select(n => n.Id));
        Assert.Equal(["n-alias"], (await Nonces.ListAsync("DEV_hello")).Select(n => n.Id));
        Assert.Empty(await Nonces.ListAsync("DEV_a3"));
    }

    [Fact(DisplayName = "Adding a nonce id that already exists fails and keeps the existing nonce's use counts")]
    public async Task Duplicate_add_fails()
    {
        var nonce = StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 3);
        await Nonces.AddAsync(nonce);
        await Nonces.RedeemAsync("DEV_a1", "n1", Now);

        await Assert.ThrowsAnyAsync<Exception>(() => Nonces.AddAsync(nonce));

        Assert.Equal(2, (await Nonces.GetAsync("DEV_a1", "n1"))!.RemainingUses);
    }

    [Fact(DisplayName = "Deleting a nonce says whether it existed; deleting a subject's nonces leaves other subjects'")]
    public async Task Delete()
    {
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1"));
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n2"));
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n3"));
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a2", "n4"));

        Assert.True(await Nonces.DeleteAsync("DEV_a1", "n1"));
        Assert.False(await Nonces.DeleteAsync("DEV_a1", "n1"));
        Assert.False(await Nonces.DeleteAsync("DEV_a2", "n2"));
        Assert.Equal(["n2", "n3"], (await Nonces.ListAsync("DEV_a1")).Select(n => n.Id));

        await Nonces.DeleteForSubjectAsync("DEV_a1");

        Assert.Empty(await Nonces.ListAsync("DEV_a1"));
        Assert.Equal(["n4"], (await Nonces.ListAsync("DEV_a2")).Select(n => n.Id));
    }

    [Fact(DisplayName = "A limited nonce redeems until its uses run out, then reports no uses left and stays unchanged")]
    public async Task Limited_redemption()
    {
        var nonce = StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 2);
        await Nonces.AddAsync(nonce);

        var first = await Nonces.RedeemAsync("DEV_a1", "n1", Now);
        var second = await Nonces.RedeemAsync("DEV_a1", "n1", Now.AddMinutes(1));
        var third = await Nonces.RedeemAsync("DEV_a1", "n1", Now.AddMinutes(2));

        var afterFirst = nonce with { CurrentUses = 1, RemainingUses = 1, LastUseTime = Now };
        var afterSecond = nonce with { CurrentUses = 2, RemainingUses = 0, LastUseTime = Now.AddMinutes(1) };
        Assert.Equal(NonceRedemptionOutcome.Redeemed, first.Outcome);
        DeepAssert.Equal(afterFirst, first.Nonce);
        Assert.Equal(NonceRedemptionOutcome.Redeemed, second.Outcome);
        DeepAssert.Equal(afterSecond, second.Nonce);
        Assert.Equal(NonceRedemptionOutcome.NoUsesLeft, third.Outcome);
        DeepAssert.Equal(afterSecond, third.Nonce);
        DeepAssert.Equal(afterSecond, await Nonces.GetAsync("DEV_a1", "n1"));
    }

    [Fact(DisplayName = "An unlimited nonce (-1) counts every use and keeps -1 remaining")]
    public async Task Unlimited_redemption()
    {
        var nonce = StoreSamples.AliasNonce("DEV", "hello", "n1", maxUses: -1);
        await Nonces.AddAsync(nonce);

        for (var i = 0; i < 5; i++)
            Assert.Equal(NonceRedemptionOutcome.Redeemed, (await Nonces.RedeemAsync("DEV_hello", "n1", Now.AddSeconds(i))).Outcome);

        DeepAssert.Equal(nonce with { CurrentUses = 5, LastUseTime = Now.AddSeconds(4) }, await Nonces.GetAsync("DEV_hello", "n1"));
    }

    [Fact(DisplayName = "A nonce created with zero uses never redeems")]
    public async Task Zero_uses()
    {
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 0));

        var redemption = await Nonces.RedeemAsync("DEV_a1", "n1", Now);

        Assert.Equal(NonceRedemptionOutcome.NoUsesLeft, redemption.Outcome);
        Assert.Equal(0, redemption.Nonce!.CurrentUses);
        Assert.Null(redemption.Nonce.LastUseTime);
    }

    [Fact(DisplayName = "Redeeming an unknown nonce, or a nonce under another subject, reports not found")]
    public async Task Not_found()
    {
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1"));

        Assert.Equal(new NonceRedemption(NonceRedemptionOutcome.NotFound, null), await Nonces.RedeemAsync("DEV_a1", "nope", Now));
        Assert.Equal(new NonceRedemption(NonceRedemptionOutcome.NotFound, null), await Nonces.RedeemAsync("DEV_a2", "n1", Now));
        Assert.Equal(new NonceRedemption(NonceRedemptionOutcome.NotFound, null), await Nonces.RedeemAsync("dev_a1", "n1", Now));
        Assert.Equal(5, (await Nonces.GetAsync("DEV_a1", "n1"))!.RemainingUses);
    }

    [Fact(DisplayName = "50 concurrent redemptions of a 10-use nonce redeem exactly 10, each seeing its own use count")]
    public async Task Concurrent_redemptions_never_oversell()
    {
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 10));

        var redemptions = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => Nonces.RedeemAsync("DEV_a1", "n1", Now))));

        var redeemed = redemptions.Where(r => r.Outcome == NonceRedemptionOutcome.Redeemed).ToList();
        Assert.Equal(10, redeemed.Count);
        Assert.Equal(40, redemptions.Count(r => r.Outcome == NonceRedemptionOutcome.NoUsesLeft));
        Assert.Equal(Enumerable.Range(1, 10), redeemed.Select(r => r.Nonce!.CurrentUses).Order());
        var stored = (await Nonces.GetAsync("DEV_a1", "n1"))!;
        Assert.Equal((10, 0), (stored.CurrentUses, stored.RemainingUses));
    }

    [Fact(DisplayName = "Two store instances on one file (as two processes would be) redeeming concurrently never oversell")]
    public async Task Concurrent_redemptions_across_instances()
    {
        var other = await Backend.OpenAsync();
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 25));

        var redemptions = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Nonces : other.Nonces).RedeemAsync("DEV_a1", "n1", Now))));

        Assert.Equal(25, redemptions.Count(r => r.Outcome == NonceRedemptionOutcome.Redeemed));
        Assert.Equal(25, (await Nonces.GetAsync("DEV_a1", "n1"))!.CurrentUses);
    }

    [Fact(DisplayName = "Concurrent uses of an unlimited nonce are all counted")]
    public async Task Concurrent_unlimited_uses_are_counted()
    {
        await Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: -1));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Nonces.RedeemAsync("DEV_a1", "n1", Now))));

        var stored = (await Nonces.GetAsync("DEV_a1", "n1"))!;
        Assert.Equal((50, -1), (stored.CurrentUses, stored.RemainingUses));
    }
}

public sealed class SqliteNonceStoreSpecs() : NonceStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresNonceStoreSpecs() : NonceStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionNonceStoreSpecs() : NonceStoreSpecs(Production)
{
    // xunit makes one instance per test: the backend is created with it, not shared between tests.
    private static ProductionStoresUnderTest Production => new();

    private ProductionStoresUnderTest Servers => (ProductionStoresUnderTest)Backend;

    [Fact(DisplayName = "Production: the nonce document is a PostgreSQL row; its use counters are a Redis hash")]
    public async Task Documents_in_postgres_counters_in_redis()
    {
        await Stores.Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 3));
        await Stores.Nonces.RedeemAsync("DEV_a1", "n1", Samples.T0.AddDays(1));

        await using var postgres = new NpgsqlConnection(await Servers.PostgresConnectionStringAsync());
        await postgres.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM nonces WHERE subject_key = 'DEV_a1' AND id = 'n1'", postgres);
        Assert.Equal(1L, await query.ExecuteScalarAsync());
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await SharedServers.Redis).Configuration);
        var counters = await redis.GetDatabase().HashGetAllAsync($"{Servers.RedisPrefix}nonce-uses:DEV_a1:n1");
        Assert.Equal("1", counters.Single(e => e.Name == "current").Value);
        Assert.Equal("2", counters.Single(e => e.Name == "remaining").Value);
    }

    [Fact(DisplayName = "Production: a nonce whose Redis counters were lost carries on from the uses already spent")]
    public async Task Lost_counters_reseed_from_the_document()
    {
        await Stores.Nonces.AddAsync(StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 3));
        await Stores.Nonces.RedeemAsync("DEV_a1", "n1", Samples.T0.AddDays(1));
        await Stores.Nonces.RedeemAsync("DEV_a1", "n1", Samples.T0.AddDays(2));

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await SharedServers.Redis).Configuration);
        Assert.True(await redis.GetDatabase().KeyDeleteAsync($"{Servers.RedisPrefix}nonce-uses:DEV_a1:n1"));

        var third = await Stores.Nonces.RedeemAsync("DEV_a1", "n1", Samples.T0.AddDays(3));
        Assert.Equal(NonceRedemptionOutcome.Redeemed, third.Outcome);
        Assert.Equal((3, 0), (third.Nonce!.CurrentUses, third.Nonce.RemainingUses));
        Assert.Equal(NonceRedemptionOutcome.NoUsesLeft,
            (await Stores.Nonces.RedeemAsync("DEV_a1", "n1", Samples.T0.AddDays(4))).Outcome);
    }

    [Fact(DisplayName = "Production: a deleted nonce does not redeem even if its counters are still in Redis")]
    public async Task Deleted_document_wins_over_leftover_counters()
    {
        var nonce = StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 3);
        await Stores.Nonces.AddAsync(nonce);
        await using var postgres = new NpgsqlConnection(await Servers.PostgresConnectionStringAsync());
        await postgres.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM nonces WHERE id = 'n1'", postgres);
        await delete.ExecuteNonQueryAsync();

        Assert.Equal(NonceRedemptionOutcome.NotFound, (await Stores.Nonces.RedeemAsync("DEV_a1", "n1", Samples.T0.AddDays(1))).Outcome);
    }
}
