using Abaco.Core.Sharing;
using Abaco.Stores.Tests.Backends;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public abstract class AliasStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private IAliasStore Aliases => Stores.Aliases;

    private async Task<string[]> Names(string tenant) => (await Aliases.ListAsync(tenant)).Select(a => a.Alias).ToArray();

    [Fact(DisplayName = "An alias reads back field by field; unknown aliases read as null")]
    public async Task Round_trip()
    {
        var alias = StoreSamples.Alias("DEV", "hello-world", "AKeo3XGAGyRr");

        Assert.True(await Aliases.AddAsync(alias));

        DeepAssert.Equal(alias, await Aliases.GetAsync("DEV", "hello-world"));
        Assert.Null(await Aliases.GetAsync("DEV", "nope"));
    }

    [Fact(DisplayName = "A tenant's aliases list in creation order")]
    public async Task List_in_creation_order()
    {
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "zeta", "a1"));
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "alpha", "a2"));
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "mid", "a1"));

        Assert.Equal(["zeta", "alpha", "mid"], await Names("DEV"));
        Assert.Empty(await Names("PROD"));
    }

    [Fact(DisplayName = "Adding an alias the tenant already has returns false and keeps the first alias's actor")]
    public async Task Duplicate_add_is_refused()
    {
        var first = StoreSamples.Alias("DEV", "hello", "a1");

        Assert.True(await Aliases.AddAsync(first));
        Assert.False(await Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a2") with { Owner = "mallory" }));

        DeepAssert.Equal(first, await Aliases.GetAsync("DEV", "hello"));
        Assert.Equal(["hello"], await Names("DEV"));
    }

    [Fact(DisplayName = "Of 20 concurrent adds of one alias exactly one wins, and the stored alias is the winner's")]
    public async Task Concurrent_adds_have_one_winner()
    {
        var candidates = Enumerable.Range(0, 20).Select(i => StoreSamples.Alias("DEV", "hello", $"a{i}")).ToArray();

        var added = await Task.WhenAll(candidates.Select(a => Task.Run(() => Aliases.AddAsync(a))));

        var winner = Assert.Single(candidates.Where((_, i) => added[i]));
        DeepAssert.Equal(winner, await Aliases.GetAsync("DEV", "hello"));
    }

    [Fact(DisplayName = "The same alias name in another tenant, even one differing only in case, is another alias")]
    public async Task Tenant_isolation()
    {
        Assert.True(await Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a1")));
        Assert.True(await Aliases.AddAsync(StoreSamples.Alias("PROD", "hello", "a2")));
        Assert.True(await Aliases.AddAsync(StoreSamples.Alias("dev", "hello", "a3")));

        Assert.True(await Aliases.DeleteAsync("dev", "hello"));

        Assert.Equal("a1", (await Aliases.GetAsync("DEV", "hello"))!.ActorId);
        Assert.Equal("a2", (await Aliases.GetAsync("PROD", "hello"))!.ActorId);
        Assert.Null(await Aliases.GetAsync("dev", "hello"));
        Assert.Equal(["hello"], await Names("DEV"));
    }

    [Fact(DisplayName = "An actor's aliases are found within its tenant only")]
    public async Task List_for_actor()
    {
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "one", "a1"));
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "two", "a2"));
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "three", "a1"));
        await Aliases.AddAsync(StoreSamples.Alias("PROD", "four", "a1"));

        Assert.Equal(["one", "three"], (await Aliases.ListForActorAsync("DEV", "a1")).Select(a => a.Alias));
        Assert.Equal(["four"], (await Aliases.ListForActorAsync("PROD", "a1")).Select(a => a.Alias));
        Assert.Empty(await Aliases.ListForActorAsync("DEV", "a9"));
    }

    [Fact(DisplayName = "Updating an alias repoints it (its actor's alias list follows); updating a missing alias creates nothing")]
    public async Task Update()
    {
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a1"));
        var repointed = StoreSamples.Alias("DEV", "hello", "a2") with { Owner = "bob" };

        await Aliases.UpdateAsync(repointed);
        await Aliases.UpdateAsync(StoreSamples.Alias("DEV", "ghost", "a1"));

        DeepAssert.Equal(repointed, await Aliases.GetAsync("DEV", "hello"));
        Assert.Empty(await Aliases.ListForActorAsync("DEV", "a1"));
        Assert.Equal(["hello"], (await Aliases.ListForActorAsync("DEV", "a2")).Select(a => a.Alias));
        Assert.Null(await Aliases.GetAsync("DEV", "ghost"));
    }

    [Fact(DisplayName = "Deleting an alias says whether it existed, and frees the name for a new alias")]
    public async Task Delete_frees_the_name()
    {
        await Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a1"));

        Assert.True(await Aliases.DeleteAsync("DEV", "hello"));
        Assert.False(await Aliases.DeleteAsync("DEV", "hello"));
        Assert.False(await Aliases.DeleteAsync("DEV", "never"));
        Assert.True(await Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a2")));

        Assert.Equal("a2", (await Aliases.GetAsync("DEV", "hello"))!.ActorId);
    }
}

public sealed class SqliteAliasStoreSpecs() : AliasStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresAliasStoreSpecs() : AliasStoreSpecs(new PostgresStoresUnderTest());
