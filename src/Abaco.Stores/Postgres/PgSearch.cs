using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

/// <summary>Search and metrics over the executions and logs tables, in PostgreSQL's SQL.</summary>
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

    private static readonly SearchDialect Dialect = new(Column, t => Ticks(t),
        ExecutionTenant: "x.tenant", AmongIds: column => $"{column} = ANY(@ids)", Ids: ids => ids.ToArray());

    public static SqlSearch For(PostgresDatabase db) => new(Dialect, db);
}
