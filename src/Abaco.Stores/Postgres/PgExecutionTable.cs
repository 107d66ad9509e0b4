using Abaco.Core.Executions;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

internal sealed class PgExecutionTable(PostgresDatabase db) : IExecutionStore
{
    private readonly SqlSearch _search = PgSearch.For(db);

    // On the message path: group-committed with whatever else is being written.
    public Task UpsertAsync(ExecutionRecord e, CancellationToken ct) =>
        db.WriteAsync((c, t) => ExecuteAsync(c, t,
            "INSERT INTO executions (actor_db_id, id, tenant, received, doc) VALUES (@actor, @id, @tenant, @received, @doc) " +
            "ON CONFLICT (actor_db_id, id) DO UPDATE SET doc = excluded.doc " +
            "WHERE (executions.doc::jsonb ->> 'status') NOT IN ('COMPLETE', 'ERROR') " +
            "OR (excluded.doc::jsonb ->> 'status') IN ('COMPLETE', 'ERROR')",
            ("actor", e.ActorDbId), ("id", e.Id), ("tenant", e.Tenant), ("received", Ticks(e.MessageReceivedTime)),
            ("doc", StoreJson.Serialize(e))), ct);

    public Task<ExecutionRecord?> GetAsync(string actorDbId, string executionId, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT doc FROM executions WHERE actor_db_id = @actor AND id = @id",
            r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)),
            ("actor", actorDbId), ("id", executionId))).FirstOrDefault(), ct);

    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<ExecutionRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM executions WHERE actor_db_id = @actor ORDER BY received, seq",
            r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), ("actor", actorDbId)), ct);

    public Task<IReadOnlyList<ExecutionRecord>> ListByTenantAsync(string? tenant, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<ExecutionRecord>>(async c => tenant is null
            ? await QueryAsync(c, null, "SELECT doc FROM executions ORDER BY received, seq",
                r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)))
            : await QueryAsync(c, null, "SELECT doc FROM executions WHERE tenant = @tenant ORDER BY received, seq",
                r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), ("tenant", tenant)), ct);

    public Task<StorePage<ExecutionRecord>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
        CancellationToken ct) => _search.FindExecutionsAsync(query, after, skip, limit, ct);

    public Task<int> CountAsync(StoreQuery query, CancellationToken ct) => _search.CountExecutionsAsync(query, ct);

    public Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct) =>
        _search.CountExecutionsByAsync("SELECT doc::jsonb ->> 'status', COUNT(*) FROM executions GROUP BY 1", ct);

    public Task<IReadOnlyDictionary<string, int>> CountSubmittedByActorAsync(CancellationToken ct) =>
        _search.CountExecutionsByAsync(
            "SELECT actor_db_id, COUNT(*) FROM executions WHERE doc::jsonb ->> 'status' = 'SUBMITTED' GROUP BY 1", ct);
}
