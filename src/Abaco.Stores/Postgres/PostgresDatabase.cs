using System.Data.Common;
using System.Net.Sockets;
using System.Threading.Channels;
using Npgsql;

namespace Abaco.Stores.Postgres;

/// <summary>
/// The one <see cref="NpgsqlDataSource"/> the PostgreSQL stores share, and the one place that rides out a server
/// restart: every operation runs through <see cref="RunAsync{T}"/> / <see cref="TransactAsync{T}"/>, which retry
/// transient failures (connection refused or reset, admin shutdown, "cannot connect now") with backoff for a bounded
/// time, clearing the pool so that dead connections are not handed out again.
/// </summary>
/// <remarks>
/// An operation is retried whole (the lambda runs again on a new connection). A write whose commit reached the server
/// but whose reply was lost is therefore applied twice; every write here is an upsert, a delete or a conditional
/// update except <see cref="INonceStore.AddAsync"/> (fails on the retry) and the redemption/pop (may count one extra
/// use or drop one result in that window), which is the usual at-least-once price of retrying.
/// </remarks>
public sealed class PostgresDatabase : IAsyncDisposable, ISqlDatabase
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private const int MaxBatch = 256;

    private readonly NpgsqlDataSource _source;
    private readonly TimeSpan _retryFor;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private sealed record PendingWrite(Func<NpgsqlConnection, NpgsqlTransaction, Task> Apply, TaskCompletionSource Done);

    public PostgresDatabase(NpgsqlDataSource source, TimeSpan retryFor)
    {
        _source = source;
        _retryFor = retryFor;
        var builder = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        Endpoint = Describe(builder);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Queues an idempotent write (an upsert) for the group writer: whatever is queued together shares one transaction
    /// and one commit, so a burst of messages costs one fsync rather than one each (as the SQLite writer does), and
    /// writes to the same row land in the order they were queued. Completes once committed.
    /// </summary>
    public Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> apply, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writes.Writer.TryWrite(new PendingWrite(apply, done)))
            done.SetException(new ObjectDisposedException(nameof(PostgresDatabase)));
        return ct.CanBeCanceled ? done.Task.WaitAsync(ct) : done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                await TransactAsync(async (c, t) =>
                {
                    foreach (var write in batch) await write.Apply(c, t).ConfigureAwait(false);
                    return true;
                }, CancellationToken.None).ConfigureAwait(false);
                foreach (var write in batch) write.Done.TrySetResult();
            }
            catch (Exception e) when (batch.Count > 1 && !IsTransient(e))
            {
                // One bad write must not fail the ones that shared its transaction: apply them one at a time.
                foreach (var write in batch)
                {
                    try
                    {
                        await TransactAsync(async (c, t) => { await write.Apply(c, t).ConfigureAwait(false); return true; },
                            CancellationToken.None).ConfigureAwait(false);
                        write.Done.TrySetResult();
                    }
                    catch (Exception one)
                    {
                        write.Done.TrySetException(one);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var write in batch) write.Done.TrySetException(e);
            }
        }
    }

    /// <summary>"PostgreSQL at host:port (database name)", for error messages.</summary>
    public string Endpoint { get; }

    internal static string Describe(NpgsqlConnectionStringBuilder b) =>
        $"PostgreSQL at {b.Host ?? "localhost"}:{b.Port} (database {b.Database ?? b.Username ?? "postgres"})";

    /// <summary>Runs <paramref name="work"/> on a pooled connection, retrying it whole on transient failures.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _retryFor;
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
                return await work(connection).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow + delay >= deadline)
                    throw new NpgsqlException($"{Endpoint} still failing after retrying for {_retryFor}: {e.Message}", e);
                // The pool may hold connections the server already closed (restart): drop them all.
                _source.Clear();
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    /// <summary>Every table has an identity column <c>seq</c>.</summary>
    string ISqlDatabase.InsertionOrder => "seq";

    Task<List<T>> ISqlDatabase.RowsAsync<T>(Func<SqlStatement> statement, Func<DbDataReader, T> map, CancellationToken ct) =>
        RunAsync(c =>
        {
            var s = statement();
            return QueryAsync(c, null, s.Sql, map, s.Parameters);
        }, ct);

    Task<int> ISqlDatabase.ExecuteAsync(Func<SqlStatement> statement, CancellationToken ct) =>
        RunAsync(c =>
        {
            var s = statement();
            return ExecuteAsync(c, null, s.Sql, s.Parameters);
        }, ct);

    public Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken ct) =>
        RunAsync(async c => { await work(c).ConfigureAwait(false); return true; }, ct);

    /// <summary>Runs <paramref name="work"/> in a transaction, committed at its end; retried whole like <see cref="RunAsync{T}"/>.</summary>
    public Task<T> TransactAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct) =>
        RunAsync(async c =>
        {
            await using var transaction = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(c, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, ct);

    /// <summary>Whether a failure is the server (or the way to it) being away for a while rather than a real error.</summary>
    public static bool IsTransient(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException pg when pg.SqlState is
                    "57P01" // admin_shutdown: "terminating connection due to administrator command"
                    or "57P02" // crash_shutdown
                    or "57P03" // cannot_connect_now: starting up or shutting down
                    or "53300" // too_many_connections
                    or "40001" or "40P01" // serialization failure, deadlock: safe to run again
                    || pg.SqlState.StartsWith("08", StringComparison.Ordinal): // connection exceptions
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case IOException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction? t, string sql,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, t, sql, parameters);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public static async Task<List<T>> QueryAsync<T>(NpgsqlConnection c, NpgsqlTransaction? t, string sql,
        Func<NpgsqlDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, t, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync().ConfigureAwait(false)) rows.Add(map(reader));
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? t, string sql,
        (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, c, t);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>
    /// How instants are kept where they are compared or ordered: UTC ticks (bigint). timestamptz holds microseconds
    /// only, which would blur the exclusive expiry boundary the stores promise at tick precision.
    /// </summary>
    public static long Ticks(DateTime t) => t.ToUniversalTime().Ticks;

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}
