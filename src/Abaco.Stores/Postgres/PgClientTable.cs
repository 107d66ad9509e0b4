using Abaco.Core.Workers;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

internal sealed class PgClientTable(PostgresDatabase db) : IClientStore
{
    public Task AddAsync(WorkerClientRecord client, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "INSERT INTO clients (actor_db_id, worker_id, doc) VALUES (@actor, @worker, @doc) " +
            "ON CONFLICT (actor_db_id, worker_id) DO UPDATE SET doc = excluded.doc",
            ("actor", client.ActorDbId), ("worker", client.WorkerId), ("doc", StoreJson.Serialize(client))), ct);

    public Task<WorkerClientRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null,
            "SELECT doc FROM clients WHERE actor_db_id = @actor AND worker_id = @worker",
            r => StoreJson.Deserialize<WorkerClientRecord>(r.GetString(0)),
            ("actor", actorDbId), ("worker", workerId))).FirstOrDefault(), ct);

    public Task<bool> DeleteAsync(string actorDbId, string workerId, CancellationToken ct) =>
        db.RunAsync(async c => await ExecuteAsync(c, null,
            "DELETE FROM clients WHERE actor_db_id = @actor AND worker_id = @worker",
            ("actor", actorDbId), ("worker", workerId)) > 0, ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM clients WHERE actor_db_id = @actor", ("actor", actorDbId)), ct);

    public Task<IReadOnlyList<WorkerClientRecord>> ListForActorAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<WorkerClientRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM clients WHERE actor_db_id = @actor ORDER BY seq",
            r => StoreJson.Deserialize<WorkerClientRecord>(r.GetString(0)), ("actor", actorDbId)), ct);
}
