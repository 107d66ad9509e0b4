using Abaco.Stores.Tests.Backends;

namespace Abaco.Stores.Tests;

public abstract class LogStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    [Fact(DisplayName = "Logs set without expiry read back exactly, multi-line and unicode included")]
    public async Task Set_and_get()
    {
        const string logs = "line 1\nline 2 — ünïcode ✓ 😀\r\n\ttabbed 'quoted' \"double\"\n";

        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", logs, null);

        Assert.Equal(logs, await Stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Large logs read back whole")]
    public async Task Large_logs()
    {
        var logs = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"log line {i}\n"));

        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", logs, null);

        Assert.Equal(logs, await Stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Empty logs are logs, not none")]
    public async Task Empty_logs()
    {
        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "", null);

        Assert.Equal("", await Stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Logs never written read as null")]
    public async Task Unknown_logs_are_null()
    {
        Assert.Null(await Stores.Logs.GetAsync("nope"));
    }

    [Fact(DisplayName = "Setting logs again replaces them and their expiry")]
    public async Task Set_replaces()
    {
        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "first", DateTime.UtcNow.AddHours(-1));
        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "second", DateTime.UtcNow.AddHours(1));

        Assert.Equal("second", await Stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Logs whose expiry has passed read as null; logs expiring later still read")]
    public async Task Expired_logs_are_null()
    {
        await Stores.Logs.SetAsync("past", "DEV_a1", "DEV", "old", DateTime.UtcNow.AddSeconds(-1));
        await Stores.Logs.SetAsync("long-ago", "DEV_a1", "DEV", "older", new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await Stores.Logs.SetAsync("future", "DEV_a1", "DEV", "fresh", DateTime.UtcNow.AddMinutes(5));

        Assert.Null(await Stores.Logs.GetAsync("past"));
        Assert.Null(await Stores.Logs.GetAsync("long-ago"));
        Assert.Equal("fresh", await Stores.Logs.GetAsync("future"));
    }

    [Fact(DisplayName = "Deleting an actor's logs removes only that actor's")]
    public async Task Delete_for_actor()
    {
        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "one", null);
        await Stores.Logs.SetAsync("e2", "DEV_a1", "DEV", "two", null);
        await Stores.Logs.SetAsync("e3", "DEV_a2", "DEV", "three", null);
        await Stores.Logs.SetAsync("e4", "DEV_STAGING_a1", "DEV_STAGING", "four", null);

        await Stores.Logs.DeleteForActorAsync("DEV_a1");

        Assert.Null(await Stores.Logs.GetAsync("e1"));
        Assert.Null(await Stores.Logs.GetAsync("e2"));
        Assert.Equal("three", await Stores.Logs.GetAsync("e3"));
        Assert.Equal("four", await Stores.Logs.GetAsync("e4"));
    }

    [Fact(DisplayName = "A tenant's unexpired logs list with their execution and actor; expired and other tenants' are left out")]
    public async Task List_by_tenant()
    {
        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "one", null);
        await Stores.Logs.SetAsync("e2", "DEV_a2", "DEV", "two", DateTime.UtcNow.AddMinutes(5));
        await Stores.Logs.SetAsync("e3", "DEV_a1", "DEV", "expired", DateTime.UtcNow.AddSeconds(-1));
        await Stores.Logs.SetAsync("e4", "DEV_STAGING_a1", "DEV_STAGING", "staging", null);
        await Stores.Logs.SetAsync("e5", "dev_a1", "dev", "lower", null);

        Assert.Equal(
            [new StoredLog("e1", "DEV_a1", "DEV", "one"), new StoredLog("e2", "DEV_a2", "DEV", "two")],
            await Stores.Logs.ListByTenantAsync("DEV"));
        Assert.Equal([new StoredLog("e5", "dev_a1", "dev", "lower")], await Stores.Logs.ListByTenantAsync("dev"));
        Assert.Empty(await Stores.Logs.ListByTenantAsync("PROD"));
    }

    [Fact(DisplayName = "Deleted logs no longer list for their tenant")]
    public async Task List_after_delete()
    {
        await Stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "one", null);
        await Stores.Logs.SetAsync("e2", "DEV_a2", "DEV", "two", null);

        await Stores.Logs.DeleteForActorAsync("DEV_a1");

        Assert.Equal(["e2"], (await Stores.Logs.ListByTenantAsync("DEV")).Select(l => l.ExecutionId));
    }
}

public sealed class SqliteLogStoreSpecs() : LogStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresLogStoreSpecs() : LogStoreSpecs(new PostgresStoresUnderTest());
