using Abaco.Core.Executions;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

internal sealed class ExecutionTable(SqliteDatabase db) : IExecutionStore
{
    private readonly SqlSearch _search = SqliteSearch.For(db);

    public Task UpsertAsync(ExecutionRecord e, CancellationToken ct) =>
        db.WriteAsync((c, t) => ExecuteRepeated(c, t,
            "INSERT INTO executions (actor_db_id, id, received, doc) VALUES ($actor, $id, $received, $doc) " +
            "ON CONFLICT (actor_db_id, id) DO UPDATE SET doc = excluded.doc " +
            "WHERE json_extract(executions.doc, '$.status') NOT IN ('COMPLETE', 'ERROR') " +
            "OR json_extract(excluded.doc, '$.status') IN ('COMPLETE', 'ERROR')",
            ("$actor", e.ActorDbId), ("$id", e.Id), ("$received", Time(e.MessageReceivedTime)),
            ("$doc", StoreJson.Serialize(e))), ct);

    public Task<ExecutionRecord?> GetAsync(string actorDbId, string executionId, CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT doc FROM executions WHERE actor_db_id = $actor AND id = $id",
            r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)),
            ("$actor", actorDbId), ("$id", executionId)).FirstOrDefault(), ct);

    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(string actorDbId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ExecutionRecord>>(c => Query(c,
            "SELECT doc FROM executions WHERE actor_db_id = $actor ORDER BY received, rowid",
            r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), ("$actor", actorDbId)), ct);

    // The table predates this query and has no tenant column; the tenant is read from the document (indexed on
    // the same expression) rather than from the actor_db_id prefix, which is ambiguous for tenants with '_'.
    public Task<IReadOnlyList<ExecutionRecord>> ListByTenantAsync(string? tenant, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ExecutionRecord>>(c => tenant is null
            ? Query(c, "SELECT doc FROM executions ORDER BY received, rowid",
                r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)))
            : Query(c, "SELECT doc FROM executions WHERE json_extract(doc, '$.tenant') = $tenant ORDER BY received, rowid",
                r => StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), ("$tenant", tenant)), ct);

    public Task<StorePage<ExecutionRecord>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
        CancellationToken ct) => _search.FindExecutionsAsync(query, after, skip, limit, ct);

    public Task<int> CountAsync(StoreQuery query, CancellationToken ct) => _search.CountExecutionsAsync(query, ct);

    public Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct) =>
        _search.CountExecutionsByAsync(
            "SELECT json_extract(doc, '$.status'), COUNT(*) FROM executions GROUP BY 1", ct);

    public Task<IReadOnlyDictionary<string, int>> CountSubmittedByActorAsync(CancellationToken ct) =>
        _search.CountExecutionsByAsync(
            "SELECT actor_db_id, COUNT(*) FROM executions WHERE json_extract(doc, '$.status') = 'SUBMITTED' GROUP BY 1", ct);
}
