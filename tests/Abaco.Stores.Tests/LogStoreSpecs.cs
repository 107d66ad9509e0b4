using Abaco.Stores.Sqlite;

namespace Abaco.Stores.Tests;

public sealed class LogStoreSpecs : IAsyncLifetime
{
    private readonly TempStores _temp = new();
    private readonly SqliteStores _stores;

    public LogStoreSpecs() => _stores = _temp.Open();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact(DisplayName = "Logs set without expiry read back exactly, multi-line and unicode included")]
    public async Task Set_and_get()
    {
        const string logs = "line 1\nline 2 — ünïcode ✓ 😀\r\n\ttabbed 'quoted' \"double\"\n";

        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", logs, null);

        Assert.Equal(logs, await _stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Large logs read back whole")]
    public async Task Large_logs()
    {
        var logs = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"log line {i}\n"));

        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", logs, null);

        Assert.Equal(logs, await _stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Empty logs are logs, not none")]
    public async Task Empty_logs()
    {
        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "", null);

        Assert.Equal("", await _stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Logs never written read as null")]
    public async Task Unknown_logs_are_null()
    {
        Assert.Null(await _stores.Logs.GetAsync("nope"));
    }

    [Fact(DisplayName = "Setting logs again replaces them and their expiry")]
    public async Task Set_replaces()
    {
        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "first", DateTime.UtcNow.AddHours(-1));
        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "second", DateTime.UtcNow.AddHours(1));

        Assert.Equal("second", await _stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Logs whose expiry has passed read as null; logs expiring later still read")]
    public async Task Expired_logs_are_null()
    {
        await _stores.Logs.SetAsync("past", "DEV_a1", "DEV", "old", DateTime.UtcNow.AddSeconds(-1));
        await _stores.Logs.SetAsync("long-ago", "DEV_a1", "DEV", "older", new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await _stores.Logs.SetAsync("future", "DEV_a1", "DEV", "fresh", DateTime.UtcNow.AddMinutes(5));

        Assert.Null(await _stores.Logs.GetAsync("past"));
        Assert.Null(await _stores.Logs.GetAsync("long-ago"));
        Assert.Equal("fresh", await _stores.Logs.GetAsync("future"));
    }

    [Fact(DisplayName = "Deleting an actor's logs removes only that actor's")]
    public async Task Delete_for_actor()
    {
        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "one", null);
        await _stores.Logs.SetAsync("e2", "DEV_a1", "DEV", "two", null);
        await _stores.Logs.SetAsync("e3", "DEV_a2", "DEV", "three", null);
        await _stores.Logs.SetAsync("e4", "DEV_STAGING_a1", "DEV_STAGING", "four", null);

        await _stores.Logs.DeleteForActorAsync("DEV_a1");

        Assert.Null(await _stores.Logs.GetAsync("e1"));
        Assert.Null(await _stores.Logs.GetAsync("e2"));
        Assert.Equal("three", await _stores.Logs.GetAsync("e3"));
        Assert.Equal("four", await _stores.Logs.GetAsync("e4"));
    }

    [Fact(DisplayName = "A tenant's unexpired logs list with their execution and actor; expired and other tenants' are left out")]
    public async Task List_by_tenant()
    {
        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "one", null);
        await _stores.Logs.SetAsync("e2", "DEV_a2", "DEV", "two", DateTime.UtcNow.AddMinutes(5));
        await _stores.Logs.SetAsync("e3", "DEV_a1", "DEV", "expired", DateTime.UtcNow.AddSeconds(-1));
        await _stores.Logs.SetAsync("e4", "DEV_STAGING_a1", "DEV_STAGING", "staging", null);
        await _stores.Logs.SetAsync("e5", "dev_a1", "dev", "lower", null);

        Assert.Equal(
            [new StoredLog("e1", "DEV_a1", "DEV", "one"), new StoredLog("e2", "DEV_a2", "DEV", "two")],
            await _stores.Logs.ListByTenantAsync("DEV"));
        Assert.Equal([new StoredLog("e5", "dev_a1", "dev", "lower")], await _stores.Logs.ListByTenantAsync("dev"));
        Assert.Empty(await _stores.Logs.ListByTenantAsync("PROD"));
    }

    [Fact(DisplayName = "Deleted logs no longer list for their tenant")]
    public async Task List_after_delete()
    {
        await _stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "one", null);
        await _stores.Logs.SetAsync("e2", "DEV_a2", "DEV", "two", null);

        await _stores.Logs.DeleteForActorAsync("DEV_a1");

        Assert.Equal(["e2"], (await _stores.Logs.ListByTenantAsync("DEV")).Select(l => l.ExecutionId));
    }
}
