using Microsoft.Data.Sqlite;

namespace Abaco.Stores.Tests.Backends;

/// <summary>The embedded backend on a temporary file (see <see cref="TempStores"/>).</summary>
public sealed class SqliteStoresUnderTest : StoresUnderTest
{
    private readonly TempStores _temp = new();

    protected override Task<IAbacoStores> OpenStoresAsync() => Task.FromResult<IAbacoStores>(new Sqlite.SqliteStores(_temp.Path));

    public override Task<long> CountStoredResultsAsync()
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM results";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    protected override ValueTask CleanUpAsync() => _temp.DisposeAsync();
}
