using Abaco.Stores.Bodies;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>The embedded backend: every store as a table (mostly of JSON documents) in one SQLite file.</summary>
public sealed class SqliteStores : IAbacoStores
{
    // Only ever add tables and indexes here: files written by earlier versions must keep opening.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS actors (db_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS actors_tenant ON actors (tenant);
        CREATE TABLE IF NOT EXISTS actor_registrations (db_id TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS executions (actor_db_id TEXT NOT NULL, id TEXT NOT NULL, received TEXT NOT NULL,
            doc TEXT NOT NULL, PRIMARY KEY (actor_db_id, id));
        CREATE INDEX IF NOT EXISTS executions_received ON executions (actor_db_id, received);
        CREATE INDEX IF NOT EXISTS executions_tenant ON executions (json_extract(doc, '$.tenant'), received);
        CREATE INDEX IF NOT EXISTS executions_status ON executions (json_extract(doc, '$.status'), actor_db_id);
        CREATE TABLE IF NOT EXISTS logs (execution_id TEXT PRIMARY KEY, actor_db_id TEXT NOT NULL, tenant TEXT NOT NULL,
            logs TEXT NOT NULL, expires_at TEXT);
        CREATE INDEX IF NOT EXISTS logs_actor ON logs (actor_db_id);
        CREATE INDEX IF NOT EXISTS logs_tenant ON logs (tenant);
        CREATE TABLE IF NOT EXISTS workers (actor_db_id TEXT NOT NULL, id TEXT NOT NULL, host_id TEXT NOT NULL,
            doc TEXT NOT NULL, PRIMARY KEY (actor_db_id, id));
        CREATE INDEX IF NOT EXISTS workers_host ON workers (host_id);
        CREATE TABLE IF NOT EXISTS permissions (scope TEXT NOT NULL, object_id TEXT NOT NULL, user_name TEXT NOT NULL,
            level TEXT NOT NULL, ordinal INTEGER NOT NULL, PRIMARY KEY (scope, object_id, user_name));
        CREATE INDEX IF NOT EXISTS permissions_user ON permissions (scope, user_name);
        CREATE TABLE IF NOT EXISTS nonces (subject_key TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
            PRIMARY KEY (subject_key, id));
        CREATE TABLE IF NOT EXISTS aliases (tenant TEXT NOT NULL, alias TEXT NOT NULL, actor_id TEXT NOT NULL,
            doc TEXT NOT NULL, PRIMARY KEY (tenant, alias));
        CREATE INDEX IF NOT EXISTS aliases_actor ON aliases (tenant, actor_id);
        CREATE TABLE IF NOT EXISTS actor_configs (tenant TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
            PRIMARY KEY (tenant, name));
        CREATE TABLE IF NOT EXISTS results (seq INTEGER PRIMARY KEY, actor_db_id TEXT NOT NULL,
            execution_id TEXT NOT NULL, data BLOB NOT NULL, expires_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS results_queue ON results (actor_db_id, execution_id, seq);
        CREATE INDEX IF NOT EXISTS results_expiry ON results (expires_at);
        CREATE TABLE IF NOT EXISTS clients (actor_db_id TEXT NOT NULL, worker_id TEXT NOT NULL, doc TEXT NOT NULL,
            PRIMARY KEY (actor_db_id, worker_id));
        CREATE TABLE IF NOT EXISTS message_bodies (id TEXT PRIMARY KEY, actor_db_id TEXT NOT NULL,
            length INTEGER NOT NULL, sha256 TEXT NOT NULL, complete INTEGER NOT NULL, created_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS message_bodies_actor ON message_bodies (actor_db_id);
        CREATE TABLE IF NOT EXISTS message_body_chunks (body_id TEXT NOT NULL, idx INTEGER NOT NULL,
            data BLOB NOT NULL, PRIMARY KEY (body_id, idx));
        """;

    private readonly SqliteDatabase _db;

    public SqliteStores(string path)
    {
        _db = new SqliteDatabase(path);
        using (var connection = _db.Open())
        {
            Execute(connection, null, Schema);
            ConfigBinding.BindUnbound(connection);
        }
        Actors = new ActorTable(_db);
        Executions = new ExecutionTable(_db);
        Logs = new LogTable(_db);
        Workers = new WorkerTable(_db);
        Clients = new ClientTable(_db);
        Permissions = new PermissionTable(_db);
        Nonces = new NonceTable(_db);
        Aliases = new SqlAliasStore(_db);
        Configs = new SqlActorConfigStore(_db);
        Results = new ResultTable(_db);
        Bodies = new MessageBodyTable(_db);
    }

    public IActorStore Actors { get; }
    public IExecutionStore Executions { get; }
    public ILogStore Logs { get; }
    public IWorkerStore Workers { get; }
    public IClientStore Clients { get; }
    public IPermissionStore Permissions { get; }
    public INonceStore Nonces { get; }
    public IAliasStore Aliases { get; }
    public IActorConfigStore Configs { get; }
    public IResultStore Results { get; }
    public IMessageBodyStore Bodies { get; }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
