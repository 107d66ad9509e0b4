using Abaco.Core.Actors;
using Abaco.Stores.Sqlite;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public sealed class ActorStoreSpecs : IAsyncLifetime
{
    private readonly TempStores _temp = new();
    private readonly SqliteStores _stores;

    public ActorStoreSpecs() => _stores = _temp.Open();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private static string[] DbIds(IEnumerable<ActorRecord> actors) => actors.Select(a => a.DbId).Order(StringComparer.Ordinal).ToArray();

    [Fact(DisplayName = "An actor record reads back field by field: definition, JSON state, mounts, nulls and times")]
    public async Task Full_record_round_trips()
    {
        var actor = StoreSamples.FullActor();

        await _stores.Actors.UpsertAsync(actor);
        var back = await _stores.Actors.GetAsync(actor.DbId);

        DeepAssert.Equal(actor, back);
    }

    [Fact(DisplayName = "Registrations are counted once per actor, updates do not add and deletions do not subtract")]
    public async Task Registrations_are_counted_for_good()
    {
        var first = StoreSamples.Actor("DEV", "DlzypRjPkkWV");
        var second = StoreSamples.Actor("OTHER", "AKeo3XGAGyRr");

        await _stores.Actors.UpsertAsync(first);
        await _stores.Actors.UpsertAsync(first with { Revision = 2 });
        await _stores.Actors.UpsertAsync(second);
        await _stores.Actors.DeleteAsync(first.DbId);

        Assert.Equal(2, await _stores.Actors.CountRegisteredAsync());
        Assert.Single(await _stores.Actors.ListAllAsync());
    }

    [Fact(DisplayName = "A minimal actor (no name, cron, limits or mounts) reads back field by field")]
    public async Task Minimal_record_round_trips()
    {
        var actor = StoreSamples.Actor("DEV", "DlzypRjPkkWV");

        await _stores.Actors.UpsertAsync(actor);

        DeepAssert.Equal(actor, await _stores.Actors.GetAsync("DEV_DlzypRjPkkWV"));
    }

    [Fact(DisplayName = "Getting an unknown actor gives null")]
    public async Task Unknown_actor_is_null()
    {
        Assert.Null(await _stores.Actors.GetAsync("DEV_nope"));
    }

    [Fact(DisplayName = "Upserting the same db id again replaces the record")]
    public async Task Upsert_replaces()
    {
        var actor = StoreSamples.FullActor();
        var updated = actor with { Revision = 4, Status = ActorStatus.Error, State = StoreSamples.Json("[1, 2]") };

        await _stores.Actors.UpsertAsync(actor);
        await _stores.Actors.UpsertAsync(updated);

        DeepAssert.Equal(updated, await _stores.Actors.GetAsync(actor.DbId));
        Assert.Single(await _stores.Actors.ListAllAsync());
    }

    [Fact(DisplayName = "Listing by tenant returns only that tenant's actors, even for tenants sharing a prefix")]
    public async Task List_by_tenant_is_isolated()
    {
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV", "a1"));
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV_STAGING", "a2"));
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV", "a3"));
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV-PROD", "a4"));
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("dev", "a5"));

        Assert.Equal(["DEV_a1", "DEV_a3"], DbIds(await _stores.Actors.ListAsync("DEV")));
        Assert.Equal(["DEV_STAGING_a2"], DbIds(await _stores.Actors.ListAsync("DEV_STAGING")));
        Assert.Equal(["DEV-PROD_a4"], DbIds(await _stores.Actors.ListAsync("DEV-PROD")));
        Assert.Equal(["dev_a5"], DbIds(await _stores.Actors.ListAsync("dev")));
        Assert.Empty(await _stores.Actors.ListAsync("OTHER"));
    }

    [Fact(DisplayName = "Listing all returns every tenant's actors")]
    public async Task List_all()
    {
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV", "a1"));
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV_STAGING", "a2"));
        await _stores.Actors.UpsertAsync(StoreSamples.FullActor());

        Assert.Equal(["DEV_STAGING_a2", "DEV_a1", "SD2E-DEV_AKeo3XGAGyRr"], DbIds(await _stores.Actors.ListAllAsync()));
    }

    [Fact(DisplayName = "Deleting an actor removes it from get and both lists and leaves the others")]
    public async Task Delete()
    {
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV", "a1"));
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV", "a2"));

        await _stores.Actors.DeleteAsync("DEV_a1");

        Assert.Null(await _stores.Actors.GetAsync("DEV_a1"));
        Assert.NotNull(await _stores.Actors.GetAsync("DEV_a2"));
        Assert.Equal(["DEV_a2"], DbIds(await _stores.Actors.ListAsync("DEV")));
        Assert.Equal(["DEV_a2"], DbIds(await _stores.Actors.ListAllAsync()));
    }

    [Fact(DisplayName = "Deleting an unknown actor completes and changes nothing")]
    public async Task Delete_unknown()
    {
        await _stores.Actors.UpsertAsync(StoreSamples.Actor("DEV", "a1"));

        await _stores.Actors.DeleteAsync("DEV_nope");

        Assert.Single(await _stores.Actors.ListAllAsync());
    }
}
