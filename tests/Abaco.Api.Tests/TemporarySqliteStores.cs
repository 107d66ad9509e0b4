using Abaco.Stores.Sqlite;

namespace Abaco.Api.Tests;

/// <summary>SQLite stores in a directory of their own under the temp folder, removed with them.</summary>
public sealed class TemporarySqliteStores : IAsyncDisposable
{
    private readonly string _directory;

    public TemporarySqliteStores(string prefix)
    {
        _directory = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Stores = new SqliteStores(Path.Combine(_directory, "abaco.db"));
    }

    public SqliteStores Stores { get; }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file for a moment; the temp directory is cleaned eventually.
        }
    }
}
