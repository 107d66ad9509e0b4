using Abaco.Core.Workers;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

internal sealed class PgWorkerTable(PostgresDatabase db) : IWorkerStore
{
    public Task UpsertAsync(WorkerRecord w, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "INSERT INTO workers (actor_db_id, id, host_id, doc) VALUES (@actor, @id, @host, @doc) " +
            "ON CONFLICT (actor_db_id, id) DO UPDATE SET host_id = excluded.host_id, doc = excluded.doc",
            ("actor", w.ActorDbId), ("id", w.Id), ("host", w.HostId), ("doc", StoreJson.Serialize(w))), ct);

    public Task DeleteAsync(string actorDbId, string workerId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM workers WHERE actor_db_id = @actor AND id = @id",
            ("actor", actorDbId), ("id", workerId)), ct);

    public Task<WorkerRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT doc FROM workers WHERE actor_db_id = @actor AND id = @id",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)),
            ("actor", actorDbId), ("id", workerId))).FirstOrDefault(), ct);

    public Task<IReadOnlyList<WorkerRecord>> ListAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<WorkerRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM workers WHERE actor_db_id = @actor ORDER BY seq",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)), ("actor", actorDbId)), ct);

    public Task<IReadOnlyList<WorkerRecord>> ListAllAsync(CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<WorkerRecord>>(async c => await QueryAsync(c, null, "SELECT doc FROM workers ORDER BY seq",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0))), ct);

    public Task<IReadOnlyList<WorkerRecord>> ListForActorsAsync(IReadOnlyCollection<string> actorDbIds, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<WorkerRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM workers WHERE actor_db_id = ANY(@ids) ORDER BY seq",
            r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)), ("ids", actorDbIds.ToArray())), ct);

    public Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct) =>
        db.RunAsync<IReadOnlyDictionary<string, int>>(async c => (await QueryAsync(c, null,
                "SELECT doc::jsonb ->> 'status', COUNT(*) FROM workers GROUP BY 1",
                r => (Status: r.GetString(0), Count: (int)r.GetInt64(1))))
            .ToDictionary(x => x.Status, x => x.Count), ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM workers WHERE actor_db_id = @actor", ("actor", actorDbId)), ct);

    public Task<int> DeleteForHostAsync(string hostId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM workers WHERE host_id = @host", ("host", hostId)), ct);
}
