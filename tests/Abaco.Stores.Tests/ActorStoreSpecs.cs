using Abaco.Core.Actors;
using Abaco.Stores.Tests.Backends;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public abstract class ActorStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private static string[] DbIds(IEnumerable<ActorRecord> actors) => actors.Select(a => a.DbId).Order(StringComparer.Ordinal).ToArray();

    [Fact(DisplayName = "An actor record reads back field by field: definition, JSON state, mounts, nulls and times")]
    public async Task Full_record_round_trips()
    {
        var actor = StoreSamples.FullActor();

        await Stores.Actors.UpsertAsync(actor);
        var back = await Stores.Actors.GetAsync(actor.DbId);

        DeepAssert.Equal(actor, back);
    }

    [Fact(DisplayName = "Registrations are counted once per actor, updates do not add and deletions do not subtract")]
    public async Task Registrations_are_counted_for_good()
    {
        var first = Samples.Actor("DEV", "DlzypRjPkkWV");
        var second = Samples.Actor("OTHER", "AKeo3XGAGyRr");

        await Stores.Actors.UpsertAsync(first);
        await Stores.Actors.UpsertAsync(first with { Revision = 2 });
        await Stores.Actors.UpsertAsync(second);
        await Stores.Actors.DeleteAsync(first.DbId);

        Assert.Equal(2, await Stores.Actors.CountRegisteredAsync());
        Assert.Single(await Stores.Actors.ListAllAsync());
    }

    [Fact(DisplayName = "A minimal actor (no name, cron, limits or mounts) reads back field by field")]
    public async Task Minimal_record_round_trips()
    {
        var actor = Samples.Actor("DEV", "DlzypRjPkkWV");

        await Stores.Actors.UpsertAsync(actor);

        DeepAssert.Equal(actor, await Stores.Actors.GetAsync("DEV_DlzypRjPkkWV"));
    }

    [Fact(DisplayName = "A record read before an update or a deletion reads back as each write left it")]
    public async Task Reads_follow_every_write()
    {
        var actor = Samples.Actor("DEV", "DlzypRjPkkWV");
        await Stores.Actors.UpsertAsync(actor);
        Assert.Equal(1, (await Stores.Actors.GetAsync(actor.DbId))!.Revision);

        await Stores.Actors.UpsertAsync(actor with { Revision = 2, Status = ActorStatus.Error });
        var updated = await Stores.Actors.GetAsync(actor.DbId);
        Assert.Equal((2, ActorStatus.Error), (updated!.Revision, updated.Status));

        await Stores.Actors.DeleteAsync(actor.DbId);
        Assert.Null(await Stores.Actors.GetAsync(actor.DbId));
    }

    [Fact(DisplayName = "Reads racing with a run of updates never return a revision older than the last update finished")]
    public async Task Racing_reads_never_go_back()
    {
        var actor = Samples.Actor("DEV", "DlzypRjPkkWV");
        await Stores.Actors.UpsertAsync(actor);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await Stores.Actors.GetAsync(actor.DbId);
        })).ToList();

        for (var revision = 2; revision <= 40; revision++)
        {
            await Stores.Actors.UpsertAsync(actor with { Revision = revision });
            Assert.Equal(revision, (await Stores.Actors.GetAsync(actor.DbId))!.Revision);
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);
    }

    [Fact(DisplayName = "Getting an unknown actor gives null")]
    public async Task Unknown_actor_is_null()
    {
        Assert.Null(await Stores.Actors.GetAsync("DEV_nope"));
    }

    [Fact(DisplayName = "Upserting the same db id again replaces the record")]
    public async Task Upsert_replaces()
    {
        var actor = StoreSamples.FullActor();
        var updated = actor with { Revision = 4, Status = ActorStatus.Error, State = Samples.Json("[1, 2]") };

        await Stores.Actors.UpsertAsync(actor);
        await Stores.Actors.UpsertAsync(updated);

        DeepAssert.Equal(updated, await Stores.Actors.GetAsync(actor.DbId));
        Assert.Single(await Stores.Actors.ListAllAsync());
    }

    [Fact(DisplayName = "Listing by tenant returns only that tenant's actors, even for tenants sharing a prefix")]
    public async Task List_by_tenant_is_isolated()
    {
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV_STAGING", "a2"));
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a3"));
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV-PROD", "a4"));
        await Stores.Actors.UpsertAsync(Samples.Actor("dev", "a5"));

        Assert.Equal(["DEV_a1", "DEV_a3"], DbIds(await Stores.Actors.ListAsync("DEV")));
        Assert.Equal(["DEV_STAGING_a2"], DbIds(await Stores.Actors.ListAsync("DEV_STAGING")));
        Assert.Equal(["DEV-PROD_a4"], DbIds(await Stores.Actors.ListAsync("DEV-PROD")));
        Assert.Equal(["dev_a5"], DbIds(await Stores.Actors.ListAsync("dev")));
        Assert.Empty(await Stores.Actors.ListAsync("OTHER"));
    }

    [Fact(DisplayName = "Listing all returns every tenant's actors")]
    public async Task List_all()
    {
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV_STAGING", "a2"));
        await Stores.Actors.UpsertAsync(StoreSamples.FullActor());

        Assert.Equal(["DEV_STAGING_a2", "DEV_a1", "SD2E-DEV_AKeo3XGAGyRr"], DbIds(await Stores.Actors.ListAllAsync()));
    }

    [Fact(DisplayName = "Deleting an actor removes it from get and both lists and leaves the others")]
    public async Task Delete()
    {
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a2"));

        await Stores.Actors.DeleteAsync("DEV_a1");

        Assert.Null(await Stores.Actors.GetAsync("DEV_a1"));
        Assert.NotNull(await Stores.Actors.GetAsync("DEV_a2"));
        Assert.Equal(["DEV_a2"], DbIds(await Stores.Actors.ListAsync("DEV")));
        Assert.Equal(["DEV_a2"], DbIds(await Stores.Actors.ListAllAsync()));
    }

    [Fact(DisplayName = "Deleting an unknown actor completes and changes nothing")]
    public async Task Delete_unknown()
    {
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));

        await Stores.Actors.DeleteAsync("DEV_nope");

        Assert.Single(await Stores.Actors.ListAllAsync());
    }
}

public sealed class SqliteActorStoreSpecs() : ActorStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresActorStoreSpecs() : ActorStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionActorStoreSpecs() : ActorStoreSpecs(new ProductionStoresUnderTest());
