using Abaco.Runtime.Journal;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Abaco.Runtime.Tests;

/// <summary>
/// Which journal write failures count as "out of space" (a rejected write, the entity lives on and refuses the
/// message) and which stay failures (the entity stops and recovers).
/// </summary>
public sealed class StorageFullSpecs
{
    [Fact(DisplayName = "SQLite's 'database or disk is full' is out of space, however deeply wrapped")]
    public void Sqlite_full()
    {
        var full = new SqliteException("database or disk is full", 13);
        Assert.True(StorageFull.Is(full));
        Assert.True(StorageFull.Is(new InvalidOperationException("write failed", full)));
        Assert.True(StorageFull.Is(new AggregateException(new TimeoutException(), full)));
    }

    [Fact(DisplayName = "The file system's 'no space left on device' is out of space")]
    public void No_space_left() =>
        Assert.True(StorageFull.Is(new IOException("No space left on device", 28)));

    [Fact(DisplayName = "Other failures (a locked or unreachable database, a timeout) are not out of space")]
    public void Other_failures()
    {
        Assert.False(StorageFull.Is(new SqliteException("database is locked", 5)));
        Assert.False(StorageFull.Is(new IOException("Broken pipe", 32)));
        Assert.False(StorageFull.Is(new TimeoutException("the database did not answer")));
        Assert.False(StorageFull.Is(new AggregateException(new InvalidOperationException("connection refused"))));
    }
}
