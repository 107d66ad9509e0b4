using System.Diagnostics;
using Abaco.Stores.Postgres;
using Abaco.Stores.Tests.Backends;
using Abaco.Testing.Servers;
using Npgsql;

namespace Abaco.Stores.Tests;

/// <summary>What only the PostgreSQL backend has: migrations at start, failing fast, riding out a restart.</summary>
public sealed class PostgresStoresSpecs : IAsyncLifetime
{
    private readonly PostgresStoresUnderTest _backend = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private static async Task<List<int>> AppliedVersions(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions;
    }

    [Fact(DisplayName = "PostgreSQL: opening a database again finds the schema current, applies nothing twice and keeps the data")]
    public async Task Reopening_is_idempotent()
    {
        var first = await _backend.OpenAsync();
        await first.Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a1"));

        var second = await _backend.OpenAsync();

        Assert.Equal(PostgresSchema.Versions, await AppliedVersions(await _backend.ConnectionStringAsync()));
        Assert.NotNull(await second.Aliases.GetAsync("DEV", "hello"));
    }

    [Fact(DisplayName = "PostgreSQL: four nodes opening a fresh database at once all succeed and migrate it once")]
    public async Task Concurrent_opens_do_not_race()
    {
        var connectionString = await _backend.ConnectionStringAsync();

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => PostgresStores.OpenAsync(connectionString, CancellationToken.None))));
        try
        {
            Assert.Equal(PostgresSchema.Versions, await AppliedVersions(connectionString));
            await opened[0].Configs.AddAsync(StoreSamples.Config("DEV", "c1"));
            Assert.NotNull(await opened[3].Configs.GetAsync("DEV", "c1"));
        }
        finally
        {
            foreach (var stores in opened) await stores.DisposeAsync();
        }
    }

    [Fact(DisplayName = "PostgreSQL: expired logs are deleted by later writes, not only hidden")]
    public async Task Expired_logs_are_deleted()
    {
        var stores = await _backend.OpenAsync();
        for (var i = 0; i < 20; i++) await stores.Logs.SetAsync($"old{i}", "DEV_a1", "DEV", "stale", DateTime.UtcNow.AddDays(-1));

        await stores.Logs.SetAsync("new", "DEV_a1", "DEV", "fresh", null);

        await using var connection = new NpgsqlConnection(await _backend.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(execution_id, ',') FROM logs", connection);
        Assert.Equal("new", await command.ExecuteScalarAsync());
    }

    [Fact(DisplayName = "PostgreSQL: an unreachable server fails the open at once, naming host, port and database")]
    public async Task Unreachable_server_fails_fast()
    {
        var port = ClosedPort.Next();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresStores.OpenAsync(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=abaco", CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.StartsWith($"PostgreSQL at 127.0.0.1:{port} (database abaco) is unreachable: ", error.Message);
    }

    [Fact(DisplayName = "PostgreSQL: a missing database fails the open at once, naming it and the reason")]
    public async Task Missing_database_fails_fast()
    {
        var server = await SharedServers.Postgres;
        var connectionString = server.ConnectionString("no_such_database");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PostgresStores.OpenAsync(connectionString, CancellationToken.None));

        Assert.StartsWith($"PostgreSQL at 127.0.0.1:{server.Port} (database no_such_database) is unreachable: ", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact(DisplayName = "PostgreSQL: an operation started while the server is down completes once it is back, and earlier data is kept")]
    public async Task Rides_out_a_restart()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var stores = await PostgresStores.OpenAsync(await server.CreateDatabaseAsync(), TimeSpan.FromSeconds(60),
            CancellationToken.None);
        var before = Samples.Execution("DEV", "a1", "e1", Samples.T0);
        var during = Samples.Execution("DEV", "a1", "e2", Samples.T0.AddSeconds(1));
        await stores.Executions.UpsertAsync(before);

        await server.StopAsync();
        var pending = stores.Executions.UpsertAsync(during);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(pending.IsCompleted, "the write should wait for the server, not fail or succeed");
        await server.StartAgainAsync();
        await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["e1", "e2"], (await stores.Executions.ListAsync("DEV_a1")).Select(e => e.Id));
    }

    [Fact(DisplayName = "PostgreSQL: an operation gives up once the server has been away longer than the retry bound")]
    public async Task Gives_up_after_the_bound()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var stores = await PostgresStores.OpenAsync(await server.CreateDatabaseAsync(), TimeSpan.FromSeconds(2),
            CancellationToken.None);

        await server.StopAsync();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => stores.Aliases.GetAsync("DEV", "hello"));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message);
    }
}
