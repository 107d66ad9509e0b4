using Abaco.Core.Workers;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

internal sealed class WorkerTable(SqliteDatabase db) : IWorkerStore
{
    public Task UpsertAsync(WorkerRecord w, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t,
            "INSERT INTO workers (actor_db_id, id, host_id, doc) VALUES ($actor, $id, $host, $doc) " +
            "ON CONFLICT (actor_db_id, id) DO UPDATE SET host_id = excluded.host_id, doc = excluded.doc",
            ("$actor", w.ActorDbId), ("$id", w.Id), ("$host", w.HostId), ("$doc", StoreJson.Serialize(w))), ct);

    public Task DeleteAsync(string actorDbId, string workerId, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM workers WHERE actor_db_id = $actor AND id = $id",
            ("$actor", actorDbId), ("$id", workerId)), ct);

    public Task<WorkerRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT doc FROM workers WHERE actor_db_id = $actor AND id = $id",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)),
            ("$actor", actorDbId), ("$id", workerId)).FirstOrDefault(), ct);

    public Task<IReadOnlyList<WorkerRecord>> ListAsync(string actorDbId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<WorkerRecord>>(c => Query(c,
            "SELECT doc FROM workers WHERE actor_db_id = $actor ORDER BY rowid",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)), ("$actor", actorDbId)), ct);

    public Task<IReadOnlyList<WorkerRecord>> ListAllAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<WorkerRecord>>(c => Query(c, "SELECT doc FROM workers ORDER BY rowid",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0))), ct);

    public Task<IReadOnlyList<WorkerRecord>> ListForActorsAsync(IReadOnlyCollection<string> actorDbIds, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<WorkerRecord>>(c => Query(c,
            "SELECT doc FROM workers WHERE actor_db_id IN (SELECT value FROM json_each($ids)) ORDER BY rowid",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)), ("$ids", IdList(actorDbIds))), ct);

    public Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyDictionary<string, int>>(c => Query(c,
            "SELECT json_extract(doc, '$.status'), COUNT(*) FROM workers GROUP BY 1",
            r => (Status: r.GetString(0), Count: r.GetInt32(1))).ToDictionary(x => x.Status, x => x.Count), ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM workers WHERE actor_db_id = $actor", ("$actor", actorDbId)), ct);

    public Task<int> DeleteForHostAsync(string hostId, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t, "DELETE FROM workers WHERE host_id = $host", ("$host", hostId)), ct);
}
