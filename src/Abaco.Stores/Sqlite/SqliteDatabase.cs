using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Abaco.Stores.Sqlite;

/// <summary>
/// One SQLite file shared by the embedded stores. Writes go through a single writer that groups whatever is
/// queued into one transaction (WAL, synchronous=NORMAL), so many small writes cost one commit and writers never
/// fight over the file lock; reads use their own pooled connections, which WAL lets run beside the writer.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable, ISqlDatabase
{
    private const int MaxBatch = 512;

    private readonly string _connectionString;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private sealed record PendingWrite(Action<SqliteConnection, SqliteTransaction> Apply, TaskCompletionSource Done);

    public SqliteDatabase(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using (var connection = Open())
        {
            Execute(connection, null, "PRAGMA journal_mode=WAL;");
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    // The SQLite handles whose connection settings are applied. The settings last as long as the handle, which the
    // pool keeps across Open/Dispose: applied on every open, they cost a warm execution's configs read three statements.
    private static readonly ConditionalWeakTable<object, object> ConfiguredHandles = new();
    private static readonly object Configured = new();

    /// <summary>A new open connection for reads (dispose it).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var handle = connection.Handle!;
        if (ConfiguredHandles.TryGetValue(handle, out _)) return connection;
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=OFF;";
        pragma.ExecuteNonQuery();
        ConfiguredHandles.AddOrUpdate(handle, Configured);
        return connection;
    }

    /// <summary>Queues a write; the task completes once the transaction holding it has committed.</summary>
    public Task WriteAsync(Action<SqliteConnection, SqliteTransaction> apply, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writes.Writer.TryWrite(new PendingWrite(apply, done)))
            done.SetException(new ObjectDisposedException(nameof(SqliteDatabase)));
        return ct.CanBeCanceled ? done.Task.WaitAsync(ct) : done.Task;
    }

    /// <summary>
    /// Queues a write that also reads (check-then-act, RETURNING): it runs on the writer, inside the batch's
    /// transaction, so nothing else writes between its read and its write. The result is returned after commit.
    /// </summary>
    public async Task<T> TransactAsync<T>(Func<SqliteConnection, SqliteTransaction, T> apply, CancellationToken ct = default)
    {
        T result = default!;
        await WriteAsync((c, t) => result = apply(c, t), ct).ConfigureAwait(false);
        return result;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        // Microsoft.Data.Sqlite is synchronous underneath; keep reads off the caller's thread.
        return await Task.Run(() =>
        {
            using var connection = Open();
            return read(connection);
        }, ct).ConfigureAwait(false);
    }

    string ISqlDatabase.InsertionOrder => "rowid";

    Task<List<T>> ISqlDatabase.RowsAsync<T>(Func<SqlStatement> statement, Func<DbDataReader, T> map, CancellationToken ct) =>
        ReadAsync(c =>
        {
            var s = statement();
            return Query(c, s.Sql, map, s.Parameters);
        }, ct);

    /// <summary>Through the single writer, in a batch with whatever else is being written.</summary>
    Task<int> ISqlDatabase.ExecuteAsync(Func<SqlStatement> statement, CancellationToken ct) =>
        TransactAsync((c, t) =>
        {
            var s = statement();
            return Execute(c, t, s.Sql, s.Parameters);
        }, ct);

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        using var connection = Open();
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            if (batch.Count == 0) continue;
            Commit(connection, batch);
        }
    }

    private static void Commit(SqliteConnection connection, List<PendingWrite> batch)
    {
        var failed = new Dictionary<PendingWrite, Exception>();
        try
        {
            using var transaction = connection.BeginTransaction();
            foreach (var write in batch)
            {
                // A failing write must not take its neighbours down: each runs under a savepoint.
                ExecuteRepeated(connection, transaction, "SAVEPOINT w;");
                try
                {
                    write.Apply(connection, transaction);
                    ExecuteRepeated(connection, transaction, "RELEASE w;");
                }
                catch (Exception e)
                {
                    transaction.Rollback("w");
                    failed[write] = e;
                }
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            foreach (var write in batch) write.Done.TrySetException(e);
            return;
        }
        foreach (var write in batch)
        {
            if (failed.TryGetValue(write, out var error)) write.Done.TrySetException(error);
            else write.Done.TrySetResult();
        }
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    // The statements the writer runs for nearly every write (the savepoints, an execution's upsert), by connection
    // and text. A connection is used by one thread at a time, and these run only on the writer's.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Repeated = new();

    /// <summary>
    /// <see cref="Execute"/> for a statement the writer runs over and over: its command, and with it SQLite's prepared
    /// statement, is kept for the connection, so each run only binds new values (a new command prepares the SQL
    /// again, and copies its text to UTF-8 first). Only for writes, which run on the writer's thread.
    /// </summary>
    public static int ExecuteRepeated(SqliteConnection connection, SqliteTransaction transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var repeated = Repeated.GetValue(connection, _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!repeated.TryGetValue(sql, out var command))
        {
            repeated[sql] = command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }

    public static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map,
        params (string Name, object? Value)[] parameters) =>
        Query(connection, null, sql, map, parameters);

    /// <summary>A query inside a write (Microsoft.Data.Sqlite refuses commands that omit the pending transaction).</summary>
    public static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    /// <summary>
    /// How times are kept: UTC round-trip text, fixed width, so text comparison in SQL is time comparison.
    /// </summary>
    public static string Time(DateTime t) => t.ToUniversalTime().ToString("O");

    /// <summary>A list of ids as one parameter: a JSON array, read in SQL with <c>json_each</c>.</summary>
    public static string IdList(IEnumerable<string> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }
}
