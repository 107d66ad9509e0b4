using Abaco.Core.Workers;
using Abaco.Stores.Tests.Backends;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public abstract class ClientStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private IClientStore Clients => Stores.Clients;

    private static WorkerClientRecord Client(string tenant, string actorId, string workerId, string clientId) =>
        new(tenant, actorId, workerId, clientId, "jdoe", Samples.T0);

    private async Task<string[]> Workers(string actorDbId) =>
        (await Clients.ListForActorAsync(actorDbId)).Select(c => c.WorkerId).ToArray();

    [Fact(DisplayName = "A worker's client reads back field by field; a worker without one reads as null")]
    public async Task Round_trip()
    {
        var client = Client("DEV", "a1", "w1", "k1");

        await Clients.AddAsync(client);

        DeepAssert.Equal(client, await Clients.GetAsync("DEV_a1", "w1"));
        Assert.Null(await Clients.GetAsync("DEV_a1", "w2"));
        Assert.Null(await Clients.GetAsync("DEV_a2", "w1"));
    }

    [Fact(DisplayName = "Adding a client for a worker that has one replaces it")]
    public async Task Add_replaces()
    {
        var renewed = Client("DEV", "a1", "w1", "k2") with { CreateTime = Samples.T0.AddMinutes(1) };
        await Clients.AddAsync(Client("DEV", "a1", "w1", "k1"));

        await Clients.AddAsync(renewed);

        DeepAssert.Equal(renewed, await Clients.GetAsync("DEV_a1", "w1"));
        Assert.Equal(["w1"], await Workers("DEV_a1"));
    }

    [Fact(DisplayName = "An actor's clients list in creation order, and no other actor's")]
    public async Task List_for_actor()
    {
        await Clients.AddAsync(Client("DEV", "a1", "w2", "k1"));
        await Clients.AddAsync(Client("DEV", "a2", "w3", "k2"));
        await Clients.AddAsync(Client("DEV", "a1", "w1", "k3"));
        await Clients.AddAsync(Client("PROD", "a1", "w4", "k4"));

        Assert.Equal(["w2", "w1"], await Workers("DEV_a1"));
        Assert.Equal(["w3"], await Workers("DEV_a2"));
        Assert.Equal(["w4"], await Workers("PROD_a1"));
        Assert.Empty(await Workers("DEV_a9"));
    }

    [Fact(DisplayName = "Deleting a worker's client says whether it existed and removes only that client")]
    public async Task Delete()
    {
        await Clients.AddAsync(Client("DEV", "a1", "w1", "k1"));
        await Clients.AddAsync(Client("DEV", "a1", "w2", "k2"));

        Assert.True(await Clients.DeleteAsync("DEV_a1", "w1"));
        Assert.False(await Clients.DeleteAsync("DEV_a1", "w1"));
        Assert.False(await Clients.DeleteAsync("DEV_a2", "w2"));

        Assert.Null(await Clients.GetAsync("DEV_a1", "w1"));
        Assert.Equal(["w2"], await Workers("DEV_a1"));
    }

    [Fact(DisplayName = "Deleting an actor's clients leaves other actors' clients")]
    public async Task Delete_for_actor()
    {
        await Clients.AddAsync(Client("DEV", "a1", "w1", "k1"));
        await Clients.AddAsync(Client("DEV", "a1", "w2", "k2"));
        await Clients.AddAsync(Client("DEV", "a2", "w3", "k3"));
        await Clients.AddAsync(Client("PROD", "a1", "w4", "k4"));

        await Clients.DeleteForActorAsync("DEV_a1");
        await Clients.DeleteForActorAsync("DEV_a9");

        Assert.Empty(await Workers("DEV_a1"));
        Assert.Equal(["w3"], await Workers("DEV_a2"));
        Assert.Equal(["w4"], await Workers("PROD_a1"));
    }

    [Fact(DisplayName = "A client added on one node is seen by another node on the same data")]
    public async Task Shared_between_nodes()
    {
        var other = await Backend.OpenAsync();
        var client = Client("DEV", "a1", "w1", "k1");

        await Clients.AddAsync(client);

        DeepAssert.Equal(client, await other.Clients.GetAsync("DEV_a1", "w1"));
        Assert.True(await other.Clients.DeleteAsync("DEV_a1", "w1"));
        Assert.Null(await Clients.GetAsync("DEV_a1", "w1"));
    }
}

public sealed class SqliteClientStoreSpecs() : ClientStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresClientStoreSpecs() : ClientStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionClientStoreSpecs() : ClientStoreSpecs(new ProductionStoresUnderTest());
