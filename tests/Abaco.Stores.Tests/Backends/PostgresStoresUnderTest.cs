using Abaco.Stores.Postgres;
using Abaco.Testing.Servers;
using Npgsql;

namespace Abaco.Stores.Tests.Backends;

/// <summary>PostgreSQL: a fresh database per test on the process's shared server, dropped at the end.</summary>
public sealed class PostgresStoresUnderTest : StoresUnderTest
{
    private string? _connectionString;

    /// <summary>The test's database (created on first use).</summary>
    public async Task<string> ConnectionStringAsync() =>
        _connectionString ??= await (await SharedServers.Postgres).CreateDatabaseAsync();

    protected override async Task<IAbacoStores> OpenStoresAsync() =>
        await PostgresStores.OpenAsync(await ConnectionStringAsync(), CancellationToken.None);

    public override async Task<long> CountStoredResultsAsync()
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM results", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_connectionString is null) return;
        await DropDatabaseAsync(_connectionString);
    }

    /// <summary>Drops a test database (each is a copy of template1: keeping hundreds would fill the temp disk).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var server = await SharedServers.Postgres;
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
