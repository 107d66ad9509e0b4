using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Workers;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>The embedded backend: every store as a table of JSON documents in one SQLite file.</summary>
public sealed class SqliteStores : IAbacoStores
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS actors (db_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS actors_tenant ON actors (tenant);
        CREATE TABLE IF NOT EXISTS executions (actor_db_id TEXT NOT NULL, id TEXT NOT NULL, received TEXT NOT NULL,
            doc TEXT NOT NULL, PRIMARY KEY (actor_db_id, id));
        CREATE INDEX IF NOT EXISTS executions_received ON executions (actor_db_id, received);
        CREATE TABLE IF NOT EXISTS logs (execution_id TEXT PRIMARY KEY, actor_db_id TEXT NOT NULL, tenant TEXT NOT NULL,
            logs TEXT NOT NULL, expires_at TEXT);
        CREATE INDEX IF NOT EXISTS logs_actor ON logs (actor_db_id);
        CREATE TABLE IF NOT EXISTS workers (actor_db_id TEXT NOT NULL, id TEXT NOT NULL, host_id TEXT NOT NULL,
            doc TEXT NOT NULL, PRIMARY KEY (actor_db_id, id));
        CREATE INDEX IF NOT EXISTS workers_host ON workers (host_id);
        """;

    private readonly SqliteDatabase _db;

    public SqliteStores(string path)
    {
        _db = new SqliteDatabase(path);
        using (var connection = _db.Open()) Execute(connection, null, Schema);
        Actors = new ActorTable(_db);
        Executions = new ExecutionTable(_db);
        Logs = new LogTable(_db);
        Workers = new WorkerTable(_db);
    }

    public IActorStore Actors { get; }
    public IExecutionStore Executions { get; }
    public ILogStore Logs { get; }
    public IWorkerStore Workers { get; }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static string Time(DateTime t) => t.ToUniversalTime().ToString("O");

    private sealed class ActorTable(SqliteDatabase db) : IActorStore
    {
        public Task UpsertAsync(ActorRecord actor, CancellationToken ct) =>
            db.WriteAsync((c, t) => Execute(c, t,
                "INSERT INTO actors (db_id, tenant, doc) VALUES ($id, $tenant, $doc) " +
                "ON CONFLICT (db_id) DO UPDATE SET doc = excluded.doc",
                ("$id", actor.DbId), ("$tenant", actor.Tenant), ("$doc", StoreJson.Serialize(actor))), ct);

        public Task<ActorRecord?> GetAsync(string dbId, CancellationToken ct) =>
            db.ReadAsync(c => Query(c, "SELECT doc FROM actors WHERE db_id = $id",
                r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("$id", dbId)).FirstOrDefault(), ct);

        public Task<IReadOnlyList<ActorRecord>> ListAsync(string tenant, CancellationToken ct) =>
            db.ReadAsync<IReadOnlyList<ActorRecord>>(c => Query(c,
                "SELECT doc FROM actors WHERE tenant = $tenant ORDER BY rowid",
                r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("$tenant", tenant)), ct);

        public Task<IReadOnlyList<ActorRecord>> ListAllAsync(CancellationToken ct) =>
            db.ReadAsync<IReadOnlyList<ActorRecord>>(c => Query(c, "SELECT doc FROM actors ORDER BY rowid",
                r => StoreJson.Deserialize<ActorRecord>(r.GetString(0))), ct);

        public Task DeleteAsync(string dbId, CancellationToken ct) =>
            db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM actors WHERE db_id = $id", ("$id", dbId)), ct);
    }

    private sealed class ExecutionTable(SqliteDatabase db) : IExecutionStore
    {
        public Task UpsertAsync(ExecutionRecord e, CancellationToken ct) =>
            db.WriteAsync((c, t) => Execute(c, t,
                "INSERT INTO executions (actor_db_id, id, received, doc) VALUES ($actor, $id, $received, $doc) " +
                "ON CONFLICT (actor_db_id, id) DO UPDATE SET doc = excluded.doc",
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
    }

    private sealed class LogTable(SqliteDatabase db) : ILogStore
    {
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
    }

    private sealed class WorkerTable(SqliteDatabase db) : IWorkerStore
    {
        public Task UpsertAsync(WorkerRecord w, CancellationToken ct) =>
            db.WriteAsync((c, t) => Execute(c, t,
                "INSERT INTO workers (actor_db_id, id, host_id, doc) VALUES ($actor, $id, $host, $doc) " +
                "ON CONFLICT (actor_db_id, id) DO UPDATE SET host_id = excluded.host_id, doc = excluded.doc",
                ("$actor", w.ActorDbId), ("$id", w.Id), ("$host", w.HostId), ("$doc", StoreJson.Serialize(w))), ct);

        public Task DeleteAsync(string actorDbId, string workerId, CancellationToken ct) =>
            db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM workers WHERE actor_db_id = $actor AND id = $id",
                ("$actor", actorDbId), ("$id", workerId)), ct);

        public Task<WorkerRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct) =>
            db.ReadAsync(c => Query(c, "SELECT doc FROM workers WHERE actor_db_id = $actor AND id = $id",
                r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)),
                ("$actor", actorDbId), ("$id", workerId)).FirstOrDefault(), ct);

        public Task<IReadOnlyList<WorkerRecord>> ListAsync(string actorDbId, CancellationToken ct) =>
            db.ReadAsync<IReadOnlyList<WorkerRecord>>(c => Query(c,
                "SELECT doc FROM workers WHERE actor_db_id = $actor ORDER BY rowid",
                r => StoreJson.Deserialize<WorkerRecord>(r.GetString(0)), ("$actor", actorDbId)), ct);

        public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
            db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM workers WHERE actor_db_id = $actor", ("$actor", actorDbId)), ct);

        public async Task<int> DeleteForHostAsync(string hostId, CancellationToken ct)
        {
            var deleted = 0;
            await db.WriteAsync((c, t) => deleted = Execute(c, t, "DELETE FROM workers WHERE host_id = $host",
                ("$host", hostId)), ct).ConfigureAwait(false);
            return deleted;
        }
    }
}
