using Abaco.Core.Executions;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>Search and metrics over the executions and logs tables, in SQL.</summary>
internal static class SqliteSearch
{
    private static string Column(StoreField field) => field switch
    {
        StoreField.ExecutionId => "x.id",
        StoreField.ActorId => "json_extract(x.doc, '$.actor_id')",
        StoreField.Executor => "json_extract(x.doc, '$.executor')",
        StoreField.WorkerId => "json_extract(x.doc, '$.worker_id')",
        StoreField.Status => "json_extract(x.doc, '$.status')",
        StoreField.Runtime => "CAST(json_extract(x.doc, '$.runtime') AS REAL)",
        StoreField.Cpu => "CAST(json_extract(x.doc, '$.cpu') AS REAL)",
        StoreField.Io => "CAST(json_extract(x.doc, '$.io') AS REAL)",
        // Round-trip text is fixed width: cut to the milliseconds shown, padded back, it still compares as time.
        StoreField.MessageReceivedTime => "(substr(x.received, 1, 23) || '0000Z')",
        StoreField.Logs => "l.logs",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static SearchSql Executions(StoreQuery q, StoreCursor? after)
    {
        var sql = new SearchSql(Column, t => Time(t))
            .Raw("json_extract(x.doc, '$.tenant') = @tenant", ("@tenant", q.Tenant))
            .Raw("x.actor_db_id IN (SELECT value FROM json_each(@ids))", ("@ids", IdList(q.ActorDbIds)));
        if (q.ExecutionId is { } id) sql.Raw("x.id = @execution", ("@execution", id));
        sql.Conditions(q.Conditions);
        if (after is not null)
            sql.Raw("(x.received, x.rowid) > (@after_position, @after_seq)",
                ("@after_position", after.Position), ("@after_seq", after.Seq));
        return sql;
    }

    public static Task<StorePage<ExecutionRecord>> FindExecutionsAsync(SqliteDatabase db, StoreQuery q, StoreCursor? after,
        int skip, int limit, CancellationToken ct) =>
        db.ReadAsync(c =>
        {
            var where = Executions(q, after);
            var rows = Query(c,
                $"SELECT x.doc, x.received, x.rowid FROM executions x WHERE {where.Where} " +
                "ORDER BY x.received, x.rowid LIMIT @limit OFFSET @skip",
                r => (Record: StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), Received: r.GetString(1), Seq: r.GetInt64(2)),
                where.With(("@limit", limit), ("@skip", skip)));
            return new StorePage<ExecutionRecord>(rows.Select(x => x.Record).ToList(),
                rows.Count == 0 ? null : new StoreCursor(rows[^1].Received, rows[^1].Seq));
        }, ct);

    public static Task<int> CountExecutionsAsync(SqliteDatabase db, StoreQuery q, CancellationToken ct) =>
        db.ReadAsync(c =>
        {
            var where = Executions(q, null);
            return Query(c, $"SELECT COUNT(*) FROM executions x WHERE {where.Where}", r => r.GetInt32(0), where.With()).First();
        }, ct);

    public static Task<IReadOnlyDictionary<string, int>> CountExecutionsByAsync(SqliteDatabase db, string sql,
        CancellationToken ct) =>
        db.ReadAsync<IReadOnlyDictionary<string, int>>(c => Query(c, sql, r => (Key: r.GetString(0), Count: r.GetInt32(1)))
            .ToDictionary(x => x.Key, x => x.Count), ct);

    private static SearchSql Logs(StoreQuery q, StoreCursor? after)
    {
        var sql = new SearchSql(Column, t => Time(t))
            .Raw("l.tenant = @tenant", ("@tenant", q.Tenant))
            .Raw("(l.expires_at IS NULL OR l.expires_at > @now)", ("@now", Time(DateTime.UtcNow)))
            .Raw("l.actor_db_id IN (SELECT value FROM json_each(@ids))", ("@ids", IdList(q.ActorDbIds)));
        if (q.ExecutionId is { } id) sql.Raw("l.execution_id = @execution", ("@execution", id));
        sql.Conditions(q.Conditions);
        if (after is not null) sql.Raw("l.rowid > @after_seq", ("@after_seq", after.Seq));
        return sql;
    }

    public static Task<StorePage<SearchableLog>> FindLogsAsync(SqliteDatabase db, StoreQuery q, StoreCursor? after,
        int skip, int limit, CancellationToken ct) =>
        db.ReadAsync(c =>
        {
            var where = Logs(q, after);
            var rows = Query(c,
                "SELECT l.execution_id, l.actor_db_id, l.tenant, l.logs, x.doc, l.rowid FROM logs l " +
                "LEFT JOIN executions x ON x.actor_db_id = l.actor_db_id AND x.id = l.execution_id " +
                $"WHERE {where.Where} ORDER BY l.rowid LIMIT @limit OFFSET @skip",
                r => (Log: new SearchableLog(new StoredLog(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
                        r.IsDBNull(4) ? null : StoreJson.Deserialize<ExecutionRecord>(r.GetString(4))),
                    Seq: r.GetInt64(5)),
                where.With(("@limit", limit), ("@skip", skip)));
            return new StorePage<SearchableLog>(rows.Select(x => x.Log).ToList(),
                rows.Count == 0 ? null : new StoreCursor(rows[^1].Seq, rows[^1].Seq));
        }, ct);

    public static Task<int> CountLogsAsync(SqliteDatabase db, StoreQuery q, CancellationToken ct) =>
        db.ReadAsync(c =>
        {
            var where = Logs(q, null);
            return Query(c, $"SELECT COUNT(*) FROM logs l WHERE {where.Where}", r => r.GetInt32(0), where.With()).First();
        }, ct);
}
