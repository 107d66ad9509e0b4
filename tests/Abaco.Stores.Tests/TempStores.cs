using Abaco.Stores.Sqlite;

namespace Abaco.Stores.Tests;

/// <summary>A fresh database file per test, opened on construction and deleted (with its WAL files) on disposal.</summary>
public sealed class TempStores : IAsyncDisposable
{
    private readonly List<SqliteStores> _opened = [];

    public string Path { get; } = System.IO.Path.Combine(
        System.IO.Path.GetTempPath(), "abaco-stores-tests", $"{Guid.NewGuid():N}.db");

    /// <summary>Opens (another) <see cref="SqliteStores"/> on the file; all are disposed at the end.</summary>
    public SqliteStores Open()
    {
        var stores = new SqliteStores(Path);
        _opened.Add(stores);
        return stores;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stores in _opened) await stores.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            if (File.Exists(Path + suffix)) File.Delete(Path + suffix);
        }
    }
}
