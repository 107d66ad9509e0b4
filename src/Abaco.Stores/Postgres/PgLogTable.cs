using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

/// <summary>Logs with their expiry enforced here: expired rows are never returned, and each write drops them.</summary>
internal sealed class PgLogTable(PostgresDatabase db) : ILogStore
{
    private readonly SqlSearch _search = PgSearch.For(db);

    public Task SetAsync(string executionId, string actorDbId, string tenant, string logs, DateTime? expiresAt,
        CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "DELETE FROM logs WHERE expires_at <= @now; " +
            "INSERT INTO logs (execution_id, actor_db_id, tenant, logs, expires_at) " +
            "VALUES (@id, @actor, @tenant, @logs, @exp) " +
            "ON CONFLICT (execution_id) DO UPDATE SET logs = excluded.logs, expires_at = excluded.expires_at",
            ("now", Ticks(DateTime.UtcNow)), ("id", executionId), ("actor", actorDbId), ("tenant", tenant),
            ("logs", logs), ("exp", expiresAt is { } e ? Ticks(e) : null)), ct);

    public Task<string?> GetAsync(string executionId, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null,
            "SELECT logs FROM logs WHERE execution_id = @id AND (expires_at IS NULL OR expires_at > @now)",
            r => r.GetString(0), ("id", executionId), ("now", Ticks(DateTime.UtcNow)))).FirstOrDefault(), ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM logs WHERE actor_db_id = @actor", ("actor", actorDbId)), ct);

    public Task<IReadOnlyList<StoredLog>> ListByTenantAsync(string tenant, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<StoredLog>>(async c => await QueryAsync(c, null,
            "SELECT execution_id, actor_db_id, tenant, logs FROM logs " +
            "WHERE tenant = @tenant AND (expires_at IS NULL OR expires_at > @now) ORDER BY seq",
            r => new StoredLog(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
            ("tenant", tenant), ("now", Ticks(DateTime.UtcNow))), ct);

    public Task<StorePage<SearchableLog>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
        CancellationToken ct) => _search.FindLogsAsync(query, after, skip, limit, ct);

    public Task<int> CountAsync(StoreQuery query, CancellationToken ct) => _search.CountLogsAsync(query, ct);
}
