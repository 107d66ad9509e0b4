using Abaco.Core.Executions;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

/// <summary>Search and metrics over the executions and logs tables, in SQL.</summary>
internal static class PgSearch
{
    private static string Column(StoreField field) => field switch
    {
        StoreField.ExecutionId => "x.id",
        StoreField.ActorId => "(x.doc::jsonb ->> 'actor_id')",
        StoreField.Executor => "(x.doc::jsonb ->> 'executor')",
        StoreField.WorkerId => "(x.doc::jsonb ->> 'worker_id')",
        StoreField.Status => "(x.doc::jsonb ->> 'status')",
        StoreField.Runtime => "(x.doc::jsonb ->> 'runtime')::float8",
        StoreField.Cpu => "(x.doc::jsonb ->> 'cpu')::float8",
        StoreField.Io => "(x.doc::jsonb ->> 'io')::float8",
        // Ticks cut to the milliseconds shown.
        StoreField.MessageReceivedTime => "(x.received - x.received % 10000)",
        StoreField.Logs => "l.logs",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static SearchSql Executions(StoreQuery q, StoreCursor? after)
    {
        var sql = new SearchSql(Column, t => Ticks(t))
            .Raw("x.tenant = @tenant", ("tenant", q.Tenant))
            .Raw("x.actor_db_id = ANY(@ids)", ("ids", q.ActorDbIds.ToArray()));
        if (q.ExecutionId is { } id) sql.Raw("x.id = @execution", ("execution", id));
        sql.Conditions(q.Conditions);
        if (after is not null)
            sql.Raw("(x.received, x.seq) > (@after_position, @after_seq)",
                ("after_position", after.Position), ("after_seq", after.Seq));
        return sql;
    }

    public static Task<StorePage<ExecutionRecord>> FindExecutionsAsync(PostgresDatabase db, StoreQuery q, StoreCursor? after,
        int skip, int limit, CancellationToken ct) =>
        db.RunAsync(async c =>
        {
            var where = Executions(q, after);
            var rows = await QueryAsync(c, null,
                $"SELECT x.doc, x.received, x.seq FROM executions x WHERE {where.Where} " +
                "ORDER BY x.received, x.seq LIMIT @limit OFFSET @skip",
                r => (Record: StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), Received: r.GetInt64(1), Seq: r.GetInt64(2)),
                where.With(("limit", (long)limit), ("skip", (long)skip)));
            return new StorePage<ExecutionRecord>(rows.Select(x => x.Record).ToList(),
                rows.Count == 0 ? null : new StoreCursor(rows[^1].Received, rows[^1].Seq));
        }, ct);

    public static Task<int> CountExecutionsAsync(PostgresDatabase db, StoreQuery q, CancellationToken ct) =>
        db.RunAsync(async c =>
        {
            var where = Executions(q, null);
            return (await QueryAsync(c, null, $"SELECT COUNT(*) FROM executions x WHERE {where.Where}",
                r => (int)r.GetInt64(0), where.With())).First();
        }, ct);

    public static Task<IReadOnlyDictionary<string, int>> CountExecutionsByAsync(PostgresDatabase db, string sql,
        CancellationToken ct) =>
        db.RunAsync<IReadOnlyDictionary<string, int>>(async c => (await QueryAsync(c, null, sql,
                r => (Key: r.GetString(0), Count: (int)r.GetInt64(1))))
            .ToDictionary(x => x.Key, x => x.Count), ct);

    private static SearchSql Logs(StoreQuery q, StoreCursor? after)
    {
        var sql = new SearchSql(Column, t => Ticks(t))
            .Raw("l.tenant = @tenant", ("tenant", q.Tenant))
            .Raw("(l.expires_at IS NULL OR l.expires_at > @now)", ("now", Ticks(DateTime.UtcNow)))
            .Raw("l.actor_db_id = ANY(@ids)", ("ids", q.ActorDbIds.ToArray()));
        if (q.ExecutionId is { } id) sql.Raw("l.execution_id = @execution", ("execution", id));
        sql.Conditions(q.Conditions);
        if (after is not null) sql.Raw("l.seq > @after_seq", ("after_seq", after.Seq));
        return sql;
    }

    public static Task<StorePage<SearchableLog>> FindLogsAsync(PostgresDatabase db, StoreQuery q, StoreCursor? after,
        int skip, int limit, CancellationToken ct) =>
        db.RunAsync(async c =>
        {
            var where = Logs(q, after);
            var rows = await QueryAsync(c, null,
                "SELECT l.execution_id, l.actor_db_id, l.tenant, l.logs, x.doc, l.seq FROM logs l " +
                "LEFT JOIN executions x ON x.actor_db_id = l.actor_db_id AND x.id = l.execution_id " +
                $"WHERE {where.Where} ORDER BY l.seq LIMIT @limit OFFSET @skip",
                r => (Log: new SearchableLog(new StoredLog(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
                        r.IsDBNull(4) ? null : StoreJson.Deserialize<ExecutionRecord>(r.GetString(4))),
                    Seq: r.GetInt64(5)),
                where.With(("limit", (long)limit), ("skip", (long)skip)));
            return new StorePage<SearchableLog>(rows.Select(x => x.Log).ToList(),
                rows.Count == 0 ? null : new StoreCursor(rows[^1].Seq, rows[^1].Seq));
        }, ct);

    public static Task<int> CountLogsAsync(PostgresDatabase db, StoreQuery q, CancellationToken ct) =>
        db.RunAsync(async c =>
        {
            var where = Logs(q, null);
            return (await QueryAsync(c, null, $"SELECT COUNT(*) FROM logs l WHERE {where.Where}",
                r => (int)r.GetInt64(0), where.With())).First();
        }, ct);
}
