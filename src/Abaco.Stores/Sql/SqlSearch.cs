using System.Data.Common;
using Abaco.Core.Executions;

namespace Abaco.Stores;

/// <summary>
/// Search and metrics over the executions (<c>x</c>) and logs (<c>l</c>) tables: the same for every SQL backend but
/// for its <see cref="SearchDialect"/>. Pages are in insertion order, executions by arrival first; a page's cursor is
/// its last row.
/// </summary>
internal sealed class SqlSearch(SearchDialect dialect, ISqlDatabase db)
{
    public async Task<StorePage<ExecutionRecord>> FindExecutionsAsync(StoreQuery q, StoreCursor? after, int skip, int limit,
        CancellationToken ct) =>
        ExecutionPage(await db.RowsAsync(() => FindExecutions(q, after, skip, limit), ExecutionRow, ct).ConfigureAwait(false));

    public async Task<int> CountExecutionsAsync(StoreQuery q, CancellationToken ct) =>
        (await db.RowsAsync(() => CountExecutions(q), Count, ct).ConfigureAwait(false)).First();

    /// <summary>A <c>GROUP BY</c> count: <paramref name="sql"/> selects the key, then the count.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountExecutionsByAsync(string sql, CancellationToken ct) =>
        (await db.RowsAsync(() => new SqlStatement(sql, []), KeyCount, ct).ConfigureAwait(false))
        .ToDictionary(x => x.Key, x => x.Count);

    public async Task<StorePage<SearchableLog>> FindLogsAsync(StoreQuery q, StoreCursor? after, int skip, int limit,
        CancellationToken ct) =>
        LogPage(await db.RowsAsync(() => FindLogs(q, after, skip, limit), LogRow, ct).ConfigureAwait(false));

    public async Task<int> CountLogsAsync(StoreQuery q, CancellationToken ct) =>
        (await db.RowsAsync(() => CountLogs(q), Count, ct).ConfigureAwait(false)).First();

    private SqlStatement FindExecutions(StoreQuery q, StoreCursor? after, int skip, int limit)
    {
        var where = Executions(q, after);
        return new SqlStatement(
            $"SELECT x.doc, x.received, x.{db.InsertionOrder} FROM executions x WHERE {where.Where} " +
            $"ORDER BY x.received, x.{db.InsertionOrder} LIMIT @limit OFFSET @skip",
            where.With(("@limit", (long)limit), ("@skip", (long)skip)));
    }

    private SqlStatement CountExecutions(StoreQuery q)
    {
        var where = Executions(q, null);
        return new SqlStatement($"SELECT COUNT(*) FROM executions x WHERE {where.Where}", where.With());
    }

    private SqlStatement FindLogs(StoreQuery q, StoreCursor? after, int skip, int limit)
    {
        var where = Logs(q, after);
        return new SqlStatement(
            $"SELECT l.execution_id, l.actor_db_id, l.tenant, l.logs, x.doc, l.{db.InsertionOrder} FROM logs l " +
            "LEFT JOIN executions x ON x.actor_db_id = l.actor_db_id AND x.id = l.execution_id " +
            $"WHERE {where.Where} ORDER BY l.{db.InsertionOrder} LIMIT @limit OFFSET @skip",
            where.With(("@limit", (long)limit), ("@skip", (long)skip)));
    }

    private SqlStatement CountLogs(StoreQuery q)
    {
        var where = Logs(q, null);
        return new SqlStatement($"SELECT COUNT(*) FROM logs l WHERE {where.Where}", where.With());
    }

    private SearchSql Executions(StoreQuery q, StoreCursor? after)
    {
        var sql = new SearchSql(dialect.Column, dialect.Time)
            .Raw($"{dialect.ExecutionTenant} = @tenant", ("@tenant", q.Tenant))
            .Raw(dialect.AmongIds("x.actor_db_id"), ("@ids", dialect.Ids(q.ActorDbIds)));
        if (q.ExecutionId is { } id) sql.Raw("x.id = @execution", ("@execution", id));
        sql.Conditions(q.Conditions);
        if (after is not null)
            sql.Raw($"(x.received, x.{db.InsertionOrder}) > (@after_position, @after_seq)",
                ("@after_position", after.Position), ("@after_seq", after.Seq));
        return sql;
    }

    private SearchSql Logs(StoreQuery q, StoreCursor? after)
    {
        var sql = new SearchSql(dialect.Column, dialect.Time)
            .Raw("l.tenant = @tenant", ("@tenant", q.Tenant))
            .Raw("(l.expires_at IS NULL OR l.expires_at > @now)", ("@now", dialect.Time(DateTime.UtcNow)))
            .Raw(dialect.AmongIds("l.actor_db_id"), ("@ids", dialect.Ids(q.ActorDbIds)));
        if (q.ExecutionId is { } id) sql.Raw("l.execution_id = @execution", ("@execution", id));
        sql.Conditions(q.Conditions);
        if (after is not null) sql.Raw($"l.{db.InsertionOrder} > @after_seq", ("@after_seq", after.Seq));
        return sql;
    }

    private static (ExecutionRecord Record, object Received, long Seq) ExecutionRow(DbDataReader r) =>
        (StoreJson.Deserialize<ExecutionRecord>(r.GetString(0)), r.GetValue(1), r.GetInt64(2));

    private static StorePage<ExecutionRecord> ExecutionPage(List<(ExecutionRecord Record, object Received, long Seq)> rows) =>
        new(rows.Select(x => x.Record).ToList(), rows.Count == 0 ? null : new StoreCursor(rows[^1].Received, rows[^1].Seq));

    private static (SearchableLog Log, long Seq) LogRow(DbDataReader r) =>
        (new SearchableLog(new StoredLog(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
            r.IsDBNull(4) ? null : StoreJson.Deserialize<ExecutionRecord>(r.GetString(4))), r.GetInt64(5));

    private static StorePage<SearchableLog> LogPage(List<(SearchableLog Log, long Seq)> rows) =>
        new(rows.Select(x => x.Log).ToList(), rows.Count == 0 ? null : new StoreCursor(rows[^1].Seq, rows[^1].Seq));

    private static int Count(DbDataReader r) => (int)r.GetInt64(0);

    private static (string Key, int Count) KeyCount(DbDataReader r) => (r.GetString(0), (int)r.GetInt64(1));
}
