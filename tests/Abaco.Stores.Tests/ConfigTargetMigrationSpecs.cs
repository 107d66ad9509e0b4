using Abaco.Core.Ids;
using Abaco.Core.Sharing;
using Abaco.Stores.Tests.Backends;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Abaco.Stores.Tests;

/// <summary>
/// Configs stored before configs were bound to actors get their targets when a newer node opens the store: each
/// alias as it points now, each actor id as itself.
/// </summary>
public sealed class ConfigTargetMigrationSpecs
{
    private static readonly string ActorA = AbacoIds.NewId();
    private static readonly string ActorB = AbacoIds.NewId();

    // A document as the earlier version wrote it: no targets.
    private static string LegacyDoc(string actors) =>
        $$"""{"tenant":"DEV","name":"c1","value":"enc","is_secret":true,"actors":"{{actors}}"}""";

    private static void AssertBound(ActorConfigRecord? config)
    {
        Assert.NotNull(config);
        Assert.Equal($"{ActorA}, hello", config.Actors);
        Assert.Equal(new[] { new ConfigTarget(ActorA, $"DEV_{ActorA}"), new ConfigTarget("hello", $"DEV_{ActorB}") },
            config.Targets.ToArray());
    }

    [Fact(DisplayName = "SQLite: opening a file with unbound configs binds them to the actors their aliases name now")]
    public async Task Sqlite_binds_unbound_configs()
    {
        await using var temp = new TempStores();
        var first = temp.Open();
        await first.Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", ActorB));
        await using (var connection = new SqliteConnection($"Data Source={temp.Path};Pooling=False"))
        {
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO actor_configs (tenant, name, doc) VALUES ('DEV', 'c1', $doc)";
            command.Parameters.AddWithValue("$doc", LegacyDoc($"{ActorA}, hello"));
            await command.ExecuteNonQueryAsync();
        }

        AssertBound(await temp.Open().Configs.GetAsync("DEV", "c1"));
    }

    [Fact(DisplayName = "PostgreSQL: migration 3 binds unbound configs to the actors their aliases name now")]
    public async Task Postgres_binds_unbound_configs()
    {
        await using var backend = new PostgresStoresUnderTest();
        var first = await backend.OpenAsync();
        await first.Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", ActorB));
        await using (var connection = new NpgsqlConnection(await backend.ConnectionStringAsync()))
        {
            await connection.OpenAsync();
            // As a database of schema version 2 holds it; the next open applies migration 3.
            await using var command = new NpgsqlCommand(
                "INSERT INTO actor_configs (tenant, name, doc) VALUES ('DEV', 'c1', @doc); " +
                "DELETE FROM schema_migrations WHERE version = 3", connection);
            command.Parameters.AddWithValue("doc", LegacyDoc($"{ActorA}, hello"));
            await command.ExecuteNonQueryAsync();
        }

        AssertBound(await (await backend.OpenAsync()).Configs.GetAsync("DEV", "c1"));
    }
}
