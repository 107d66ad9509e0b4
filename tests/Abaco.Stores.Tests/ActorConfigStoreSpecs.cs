using Abaco.Core.Sharing;
using Abaco.Stores.Tests.Backends;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public abstract class ActorConfigStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private IActorConfigStore Configs => Stores.Configs;

    [Fact(DisplayName = "Plain configs and secrets read back field by field, values and actor lists untouched")]
    public async Task Round_trip()
    {
        var plain = StoreSamples.Config("DEV", "db-url", "postgres://db:5432/x?opt=\"1\"\nünïcode");
        var secret = StoreSamples.Config("DEV", "api-key", "gAAAAABk3ciphertext==", isSecret: true, actors: "a1,a2 , hello-alias");

        Assert.True(await Configs.AddAsync(plain));
        Assert.True(await Configs.AddAsync(secret));

        DeepAssert.Equal(plain, await Configs.GetAsync("DEV", "db-url"));
        DeepAssert.Equal(secret, await Configs.GetAsync("DEV", "api-key"));
        Assert.Null(await Configs.GetAsync("DEV", "nope"));
        Assert.Equal(["db-url", "api-key"], (await Configs.ListAsync("DEV")).Select(c => c.Name));
    }

    [Fact(DisplayName = "Adding a config name the tenant already has returns false and keeps the first value")]
    public async Task Duplicate_add_is_refused()
    {
        await Configs.AddAsync(StoreSamples.Config("DEV", "c1", "first"));

        Assert.False(await Configs.AddAsync(StoreSamples.Config("DEV", "c1", "second", isSecret: true)));

        DeepAssert.Equal(StoreSamples.Config("DEV", "c1", "first"), await Configs.GetAsync("DEV", "c1"));
        Assert.Single(await Configs.ListAsync("DEV"));
    }

    [Fact(DisplayName = "Of 20 concurrent adds of one config name exactly one wins")]
    public async Task Concurrent_adds_have_one_winner()
    {
        var candidates = Enumerable.Range(0, 20).Select(i => StoreSamples.Config("DEV", "c1", $"v{i}")).ToArray();

        var added = await Task.WhenAll(candidates.Select(c => Task.Run(() => Configs.AddAsync(c))));

        var winner = Assert.Single(candidates.Where((_, i) => added[i]));
        DeepAssert.Equal(winner, await Configs.GetAsync("DEV", "c1"));
    }

    [Fact(DisplayName = "Configs of different tenants, even differing only in case, are separate")]
    public async Task Tenant_isolation()
    {
        Assert.True(await Configs.AddAsync(StoreSamples.Config("DEV", "c1", "dev")));
        Assert.True(await Configs.AddAsync(StoreSamples.Config("dev", "c1", "lower")));
        Assert.True(await Configs.AddAsync(StoreSamples.Config("PROD", "c2", "prod")));

        Assert.True(await Configs.DeleteAsync("dev", "c1"));

        Assert.Equal("dev", (await Configs.GetAsync("DEV", "c1"))!.Value);
        Assert.Null(await Configs.GetAsync("dev", "c1"));
        Assert.Null(await Configs.GetAsync("DEV", "c2"));
        Assert.Equal(["c1"], (await Configs.ListAsync("DEV")).Select(c => c.Name));
    }

    [Fact(DisplayName = "Updating a config replaces its value, secrecy and actors; updating a missing config creates nothing")]
    public async Task Update()
    {
        await Configs.AddAsync(StoreSamples.Config("DEV", "c1", "old"));
        var updated = StoreSamples.Config("DEV", "c1", "new-ciphertext", isSecret: true, actors: "a9");

        await Configs.UpdateAsync(updated);
        await Configs.UpdateAsync(StoreSamples.Config("DEV", "ghost"));

        DeepAssert.Equal(updated, await Configs.GetAsync("DEV", "c1"));
        Assert.Null(await Configs.GetAsync("DEV", "ghost"));
    }

    [Fact(DisplayName = "A config's targets (identifier as written, actor db id) are stored and replaced with it")]
    public async Task Targets_round_trip()
    {
        var config = StoreSamples.Config("DEV", "c1", actors: "a1,my-alias") with
        {
            Targets = [new ConfigTarget("a1", "DEV_a1"), new ConfigTarget("my-alias", "DEV_b2")],
        };
        await Configs.AddAsync(config);

        DeepAssert.Equal(config, await Configs.GetAsync("DEV", "c1"));

        await Configs.UpdateAsync(config with { Actors = "a1", Targets = [new ConfigTarget("a1", "DEV_a1")] });
        var reread = (await Configs.GetAsync("DEV", "c1"))!;
        Assert.Equal("a1", reread.Actors);
        Assert.Equal(new[] { new ConfigTarget("a1", "DEV_a1") }, reread.Targets.ToArray());
    }

    [Fact(DisplayName = "Deleting a config says whether it existed, and frees the name")]
    public async Task Delete_frees_the_name()
    {
        await Configs.AddAsync(StoreSamples.Config("DEV", "c1", "first"));

        Assert.True(await Configs.DeleteAsync("DEV", "c1"));
        Assert.False(await Configs.DeleteAsync("DEV", "c1"));
        Assert.True(await Configs.AddAsync(StoreSamples.Config("DEV", "c1", "again")));

        Assert.Equal("again", (await Configs.GetAsync("DEV", "c1"))!.Value);
    }
}

public sealed class SqliteActorConfigStoreSpecs() : ActorConfigStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresActorConfigStoreSpecs() : ActorConfigStoreSpecs(new PostgresStoresUnderTest());
