using System.Collections.Concurrent;
using Abaco.Core.Actors;

namespace Abaco.Stores.Sqlite;

/// <summary>
/// The actor records read from the embedded database, kept in memory. Every request on an actor's routes starts by
/// reading its record (about a fifth of the node's CPU when accepting messages flat out), and in the embedded store
/// this process is the only writer, so the cache is exact: a write removes the record once it is committed, and a read
/// that raced with any write does not fill the cache (the write counter moved). Records are immutable.
/// </summary>
internal sealed class ActorRecordCache(int capacity)
{
    private readonly ConcurrentDictionary<string, ActorRecord> _records = new(StringComparer.Ordinal);
    private long _writes;

    public bool TryGet(string dbId, out ActorRecord record) => _records.TryGetValue(dbId, out record!);

    /// <summary>The write counter to pass to <see cref="Fill"/> for a read about to start.</summary>
    public long BeforeRead() => Interlocked.Read(ref _writes);

    public void Fill(string dbId, ActorRecord? record, long writesBeforeRead)
    {
        if (record is null) return;
        // Crude but bounded: an embedded node with more actors than this reads the others from the database.
        if (_records.Count >= capacity) _records.Clear();
        _records[dbId] = record;
        // A write that committed while this read ran may have removed the key before it was added: undo the fill.
        if (Interlocked.Read(ref _writes) != writesBeforeRead) _records.TryRemove(dbId, out _);
    }

    /// <summary>After a write of <paramref name="dbId"/> committed (or failed: what it left is unknown).</summary>
    public void Written(string dbId)
    {
        Interlocked.Increment(ref _writes);
        _records.TryRemove(dbId, out _);
    }
}
