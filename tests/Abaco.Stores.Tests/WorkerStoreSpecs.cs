using Abaco.Core.Workers;
using Abaco.Stores.Tests.Backends;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public abstract class WorkerStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private async Task<string[]> Ids(string actorDbId) =>
        (await Stores.Workers.ListAsync(actorDbId)).Select(w => w.Id).Order(StringComparer.Ordinal).ToArray();

    [Fact(DisplayName = "A worker record reads back field by field, null times included")]
    public async Task Round_trip()
    {
        var fresh = Samples.Worker("DEV", "a1", "w1", "host-1");
        var used = Samples.Worker("DEV", "a1", "w2", "host-1") with
        {
            Status = WorkerStatus.Busy,
            LastExecutionTime = Samples.T0.AddMinutes(1),
            LastHealthCheckTime = Samples.T0.AddMinutes(2),
        };

        await Stores.Workers.UpsertAsync(fresh);
        await Stores.Workers.UpsertAsync(used);

        DeepAssert.Equal(fresh, await Stores.Workers.GetAsync("DEV_a1", "w1"));
        DeepAssert.Equal(used, await Stores.Workers.GetAsync("DEV_a1", "w2"));
    }

    [Fact(DisplayName = "Upserting a worker again replaces it")]
    public async Task Upsert_replaces()
    {
        var worker = Samples.Worker("DEV", "a1", "w1", "host-1");
        var busy = worker with { Status = WorkerStatus.Busy, LastExecutionTime = Samples.T0 };

        await Stores.Workers.UpsertAsync(worker);
        await Stores.Workers.UpsertAsync(busy);

        DeepAssert.Equal(busy, await Stores.Workers.GetAsync("DEV_a1", "w1"));
        Assert.Equal(["w1"], await Ids("DEV_a1"));
    }

    [Fact(DisplayName = "Workers list per actor and unknown workers read as null")]
    public async Task List_and_get()
    {
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "host-2"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a2", "w3", "host-1"));

        Assert.Equal(["w1", "w2"], await Ids("DEV_a1"));
        Assert.Equal(["w3"], await Ids("DEV_a2"));
        Assert.Empty(await Ids("DEV_a3"));
        Assert.Null(await Stores.Workers.GetAsync("DEV_a2", "w1"));
    }

    [Fact(DisplayName = "Deleting a worker removes only that worker")]
    public async Task Delete()
    {
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "host-1"));

        await Stores.Workers.DeleteAsync("DEV_a1", "w1");
        await Stores.Workers.DeleteAsync("DEV_a1", "nope");

        Assert.Null(await Stores.Workers.GetAsync("DEV_a1", "w1"));
        Assert.Equal(["w2"], await Ids("DEV_a1"));
    }

    [Fact(DisplayName = "Deleting an actor's workers leaves other actors' workers")]
    public async Task Delete_for_actor()
    {
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "host-2"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a2", "w3", "host-1"));

        await Stores.Workers.DeleteForActorAsync("DEV_a1");

        Assert.Empty(await Ids("DEV_a1"));
        Assert.Equal(["w3"], await Ids("DEV_a2"));
    }

    [Fact(DisplayName = "Deleting a host's workers returns how many went and keeps the other hosts' workers")]
    public async Task Delete_for_host()
    {
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "host-2"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a2", "w3", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("PROD", "a9", "w4", "host-1"));

        Assert.Equal(3, await Stores.Workers.DeleteForHostAsync("host-1"));
        Assert.Equal(0, await Stores.Workers.DeleteForHostAsync("host-1"));
        Assert.Equal(0, await Stores.Workers.DeleteForHostAsync("host-unknown"));

        Assert.Equal(["w2"], await Ids("DEV_a1"));
        Assert.Empty(await Ids("DEV_a2"));
        Assert.Empty(await Ids("PROD_a9"));
    }

    [Fact(DisplayName = "A worker that moved host is deleted with its new host, not its old one")]
    public async Task Host_follows_upserts()
    {
        var worker = Samples.Worker("DEV", "a1", "w1", "host-1");
        await Stores.Workers.UpsertAsync(worker);
        await Stores.Workers.UpsertAsync(worker with { HostId = "host-2" });

        Assert.Equal(0, await Stores.Workers.DeleteForHostAsync("host-1"));
        Assert.Equal(1, await Stores.Workers.DeleteForHostAsync("host-2"));
        Assert.Empty(await Ids("DEV_a1"));
    }

    [Fact(DisplayName = "Listing all workers returns every actor's workers of every tenant, and not deleted ones")]
    public async Task List_all()
    {
        var prod = Samples.Worker("PROD", "a9", "w4", "host-2") with { Status = WorkerStatus.Busy };
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "host-1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a2", "w3", "host-1"));
        await Stores.Workers.UpsertAsync(prod);
        await Stores.Workers.DeleteAsync("DEV_a1", "w2");

        var all = await Stores.Workers.ListAllAsync();

        Assert.Equal(["DEV_a1/w1", "DEV_a2/w3", "PROD_a9/w4"],
            all.Select(w => $"{w.ActorDbId}/{w.Id}").Order(StringComparer.Ordinal));
        DeepAssert.Equal(prod, all.Single(w => w.Id == "w4"));
    }
}

public sealed class SqliteWorkerStoreSpecs() : WorkerStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresWorkerStoreSpecs() : WorkerStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionWorkerStoreSpecs() : WorkerStoreSpecs(new ProductionStoresUnderTest());
