using Abaco.Core.Messages;
using Abaco.Stores.Bodies;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

/// <summary>
/// Bodies as a header row and 1 MiB bytea chunk rows, as in SQLite. Chunks bypass the group writer (one body would
/// otherwise sit in a batch with everyone's small writes); each chunk write is an upsert, so a retried one is harmless.
/// Every node reads and writes the same rows, which is what lets an api-only node take a body that a spawner-only
/// node feeds to its container.
/// </summary>
internal sealed class PgMessageBodyTable(PostgresDatabase db) : IMessageBodyStore
{
    public Task<MessageBodyRef> WriteAsync(string actorDbId, Stream source, long maxLength, CancellationToken ct) =>
        MessageBodyChunks.WriteAsync(source, maxLength, ct,
            begin: id => db.RunAsync(c => ExecuteAsync(c, null,
                "INSERT INTO message_bodies (id, actor_db_id, length, sha256, complete, created_at) " +
                "VALUES (@id, @actor, 0, '', false, @now)",
                ("id", id), ("actor", actorDbId), ("now", Ticks(DateTime.UtcNow))), ct),
            chunk: (id, index, buffer, length) =>
            {
                var data = MessageBodyChunks.Exact(buffer, length);
                return db.RunAsync(c => ExecuteAsync(c, null,
                    "INSERT INTO message_body_chunks (body_id, idx, data) VALUES (@id, @idx, @data) " +
                    "ON CONFLICT (body_id, idx) DO UPDATE SET data = excluded.data",
                    ("id", id), ("idx", index), ("data", data)), ct);
            },
            complete: (id, length, sha) => db.RunAsync(c => ExecuteAsync(c, null,
                "UPDATE message_bodies SET length = @length, sha256 = @sha, complete = true WHERE id = @id",
                ("id", id), ("length", length), ("sha", sha)), ct),
            remove: id => DeleteAsync(id, CancellationToken.None));

    public Task<int> ReadChunkAsync(string bodyId, int index, byte[] buffer, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null,
            "SELECT k.data FROM message_body_chunks k JOIN message_bodies b ON b.id = k.body_id " +
            "WHERE k.body_id = @id AND k.idx = @idx AND b.complete",
            r => (int)r.GetBytes(0, 0, buffer, 0, buffer.Length), ("id", bodyId), ("idx", index))).FirstOrDefault(), ct);

    public Task DeleteAsync(string bodyId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "DELETE FROM message_body_chunks WHERE body_id = @id; DELETE FROM message_bodies WHERE id = @id",
            ("id", bodyId)), ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "DELETE FROM message_body_chunks WHERE body_id IN (SELECT id FROM message_bodies WHERE actor_db_id = @actor); " +
            "DELETE FROM message_bodies WHERE actor_db_id = @actor",
            ("actor", actorDbId)), ct);

    public Task<int> DeleteIncompleteAsync(DateTime startedBefore, CancellationToken ct) =>
        db.TransactAsync(async (c, t) =>
        {
            await ExecuteAsync(c, t, "DELETE FROM message_body_chunks WHERE body_id IN (SELECT id FROM message_bodies " +
                                     "WHERE NOT complete AND created_at < @cutoff)", ("cutoff", Ticks(startedBefore)));
            return await ExecuteAsync(c, t, "DELETE FROM message_bodies WHERE NOT complete AND created_at < @cutoff",
                ("cutoff", Ticks(startedBefore)));
        }, ct);

    public Task<long> CountAsync(CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT COUNT(*) FROM message_bodies",
            r => r.GetInt64(0))).Single(), ct);
}
