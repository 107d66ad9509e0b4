using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>Search and metrics over the executions and logs tables, in SQLite's SQL.</summary>
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

    // The executions table predates the search and has no tenant column: the tenant is read from the document.
    private static readonly SearchDialect Dialect = new(Column, t => Time(t),
        ExecutionTenant: "json_extract(x.doc, '$.tenant')",
        AmongIds: column => $"{column} IN (SELECT value FROM json_each(@ids))", Ids: ids => IdList(ids));

    public static SqlSearch For(SqliteDatabase db) => new(Dialect, db);
}
