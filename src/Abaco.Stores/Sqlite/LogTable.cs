using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

internal sealed class LogTable(SqliteDatabase db) : ILogStore
{
    private readonly SqlSearch _search = SqliteSearch.For(db);

    public Task SetAsync(string executionId, string actorDbId, string tenant, string logs, DateTime? expiresAt,
        CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t,
            "INSERT INTO logs (execution_id, actor_db_id, tenant, logs, expires_at) " +
            "VALUES ($id, $actor, $tenant, $logs, $exp) " +
            "ON CONFLICT (execution_id) DO UPDATE SET logs = excluded.logs, expires_at = excluded.expires_at",
            ("$id", executionId), ("$actor", actorDbId), ("$tenant", tenant), ("$logs", logs),
            ("$exp", expiresAt is { } e ? Time(e) : null)), ct);

    public Task<string?> GetAsync(string executionId, CancellationToken ct) =>
        db.ReadAsync(c => Query(c,
            "SELECT logs FROM logs WHERE execution_id = $id AND (expires_at IS NULL OR expires_at > $now)",
            r => r.GetString(0), ("$id", executionId), ("$now", Time(DateTime.UtcNow))).FirstOrDefault(), ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM logs WHERE actor_db_id = $actor", ("$actor", actorDbId)), ct);

    public Task<IReadOnlyList<StoredLog>> ListByTenantAsync(string tenant, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<StoredLog>>(c => Query(c,
            "SELECT execution_id, actor_db_id, tenant, logs FROM logs " +
            "WHERE tenant = $tenant AND (expires_at IS NULL OR expires_at > $now) ORDER BY rowid",
            r => new StoredLog(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
            ("$tenant", tenant), ("$now", Time(DateTime.UtcNow))), ct);

    public Task<StorePage<SearchableLog>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
        CancellationToken ct) => _search.FindLogsAsync(query, after, skip, limit, ct);

    public Task<int> CountAsync(StoreQuery query, CancellationToken ct) => _search.CountLogsAsync(query, ct);
}
