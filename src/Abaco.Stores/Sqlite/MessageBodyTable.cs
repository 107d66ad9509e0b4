using Abaco.Core.Messages;
using Abaco.Stores.Bodies;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>
/// Bodies as a header row (<c>message_bodies</c>, <c>complete</c> set last) and 1 MiB chunk rows
/// (<c>message_body_chunks</c>); each chunk is its own write, so the single writer never holds a whole body.
/// </summary>
internal sealed class MessageBodyTable(SqliteDatabase db) : IMessageBodyStore
{
    public Task<MessageBodyRef> WriteAsync(string actorDbId, Stream source, long maxLength, CancellationToken ct) =>
        MessageBodyChunks.WriteAsync(source, maxLength, ct,
            begin: id => db.WriteAsync((c, t) => Execute(c, t,
                "INSERT INTO message_bodies (id, actor_db_id, length, sha256, complete, created_at) " +
                "VALUES ($id, $actor, 0, '', 0, $now)",
                ("$id", id), ("$actor", actorDbId), ("$now", Time(DateTime.UtcNow))), ct),
            chunk: (id, index, buffer, length) =>
            {
                var data = MessageBodyChunks.Exact(buffer, length);
                return db.WriteAsync((c, t) => Execute(c, t,
                    "INSERT OR REPLACE INTO message_body_chunks (body_id, idx, data) VALUES ($id, $idx, $data)",
                    ("$id", id), ("$idx", index), ("$data", data)), CancellationToken.None); // holds the caller's buffer
            },
            complete: (id, length, sha) => db.TransactAsync((c, t) => Execute(c, t,
                "UPDATE message_bodies SET length = $length, sha256 = $sha, complete = 1 WHERE id = $id",
                ("$id", id), ("$length", length), ("$sha", sha)), ct),
            remove: id => DeleteAsync(id, CancellationToken.None));

    public Task<int> ReadChunkAsync(string bodyId, int index, byte[] buffer, CancellationToken ct) =>
        db.ReadAsync(c => Query(c,
            "SELECT k.data FROM message_body_chunks k JOIN message_bodies b ON b.id = k.body_id " +
            "WHERE k.body_id = $id AND k.idx = $idx AND b.complete = 1",
            r => (int)r.GetBytes(0, 0, buffer, 0, buffer.Length), ("$id", bodyId), ("$idx", index)).FirstOrDefault(), ct);

    public Task DeleteAsync(string bodyId, CancellationToken ct) =>
        db.WriteAsync((c, t) =>
        {
            Execute(c, t, "DELETE FROM message_body_chunks WHERE body_id = $id", ("$id", bodyId));
            Execute(c, t, "DELETE FROM message_bodies WHERE id = $id", ("$id", bodyId));
        }, ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.WriteAsync((c, t) =>
        {
            Execute(c, t, "DELETE FROM message_body_chunks WHERE body_id IN " +
                          "(SELECT id FROM message_bodies WHERE actor_db_id = $actor)", ("$actor", actorDbId));
            Execute(c, t, "DELETE FROM message_bodies WHERE actor_db_id = $actor", ("$actor", actorDbId));
        }, ct);

    public Task<int> DeleteIncompleteAsync(DateTime startedBefore, CancellationToken ct) =>
        db.TransactAsync((c, t) =>
        {
            var cutoff = ("$cutoff", (object?)Time(startedBefore));
            Execute(c, t, "DELETE FROM message_body_chunks WHERE body_id IN (SELECT id FROM message_bodies " +
                          "WHERE complete = 0 AND created_at < $cutoff)", cutoff);
            return Execute(c, t, "DELETE FROM message_bodies WHERE complete = 0 AND created_at < $cutoff", cutoff);
        }, ct);

    public Task<long> CountAsync(CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT COUNT(*) FROM message_bodies", r => r.GetInt64(0)).Single(), ct);
}
