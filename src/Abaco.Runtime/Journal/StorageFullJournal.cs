using System.Collections.Immutable;
using System.Data.Common;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using Microsoft.Data.Sqlite;
using Config = Akka.Configuration.Config;

namespace Abaco.Runtime.Journal;

/// <summary>
/// The SQL journal, except that a write refused for lack of space is reported as rejected rather than failed. A
/// database that is out of space commits nothing (SQLite and PostgreSQL roll the transaction back), so the writer's
/// state is still what the journal holds: Akka.Persistence then lets the entity live on and refuse the message, where
/// a failure would stop it, and a send arriving while it stopped would be lost inside the node until the gateway asked
/// again. Every other failure stays a failure.
/// </summary>
public sealed class StorageFullJournal(Config config) : SqlWriteJournal(config)
{
    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages,
        CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        try
        {
            return await base.WriteMessagesAsync(writes, cancellationToken);
        }
        catch (Exception e) when (StorageFull.Is(e))
        {
            return Enumerable.Repeat(e, writes.Count).ToImmutableList();
        }
    }
}

/// <summary>Recognises "out of space" from SQLite, PostgreSQL and the file system, however deeply wrapped.</summary>
public static class StorageFull
{
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";
    private const int NoSpaceErrno = 28;
    private const int WindowsDiskFull = 112;

    public static bool Is(Exception e) => e switch
    {
        SqliteException sqlite when sqlite.SqliteErrorCode == SqliteFull => true,
        DbException db when db.SqlState == PostgresDiskFull => true,
        IOException io when (io.HResult & 0xFFFF) is NoSpaceErrno or WindowsDiskFull => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(Is),
        _ => e.InnerException is { } inner && Is(inner),
    };
}
