using Npgsql;

namespace Abaco.Stores.Postgres;

/// <summary>
/// The production backend for the stores that must outlive every node (executions, logs, permissions, aliases,
/// configs, clients) — and, for a PostgreSQL-only site, all ten. One table per store, records as JSON text via
/// <see cref="StoreJson"/>, schema migrated at start (<see cref="PostgresSchema"/>).
/// </summary>
public sealed class PostgresStores : IAbacoStores
{
    public static readonly TimeSpan DefaultRetryFor = TimeSpan.FromSeconds(30);

    private readonly PostgresDatabase _db;

    private PostgresStores(PostgresDatabase db)
    {
        _db = db;
        Actors = new PgActorTable(db);
        Executions = new PgExecutionTable(db);
        Logs = new PgLogTable(db);
        Workers = new PgWorkerTable(db);
        Clients = new PgClientTable(db);
        Permissions = new PgPermissionTable(db);
        NonceTable = new PgNonceTable(db);
        Aliases = new SqlAliasStore(db);
        Configs = new SqlActorConfigStore(db);
        Results = new PgResultTable(db);
        Bodies = new PgMessageBodyTable(db);
    }

    /// <summary>
    /// Connects, checks the server is there and the database exists (failing at once, naming host, port and database,
    /// when not), then migrates the schema. Later operations retry transient failures for a bounded time (default
    /// <see cref="DefaultRetryFor"/>) before they give up.
    /// </summary>
    public static Task<PostgresStores> OpenAsync(string connectionString, CancellationToken ct) =>
        OpenAsync(connectionString, DefaultRetryFor, ct);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    public static async Task<PostgresStores> OpenAsync(string connectionString, TimeSpan retryFor, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var endpoint = PostgresDatabase.Describe(builder);
        var source = NpgsqlDataSource.Create(builder);
        var db = new PostgresDatabase(source, retryFor);
        try
        {
            // Fail fast: one attempt, no retry — a node misconfigured or started without its database should say so.
            await using (var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false))
            {
                await PostgresDatabase.ExecuteAsync(connection, null, "SELECT 1");
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{endpoint} is unreachable: {e.Message}", e);
        }
        try
        {
            await PostgresSchema.MigrateAsync(db, ct).ConfigureAwait(false);
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new PostgresStores(db);
    }

    /// <summary>The shared database handle (retry helper, endpoint), for the composite backend and tests.</summary>
    public PostgresDatabase Database => _db;

    public IActorStore Actors { get; }
    public IExecutionStore Executions { get; }
    public ILogStore Logs { get; }
    public IWorkerStore Workers { get; }
    public IClientStore Clients { get; }
    public IPermissionStore Permissions { get; }
    public INonceStore Nonces => NonceTable;
    /// <summary>The nonce documents, for the production backend that keeps their use counters in Redis.</summary>
    internal PgNonceTable NonceTable { get; }
    public IAliasStore Aliases { get; }
    public IActorConfigStore Configs { get; }
    public IResultStore Results { get; }
    public Bodies.IMessageBodyStore Bodies { get; }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
