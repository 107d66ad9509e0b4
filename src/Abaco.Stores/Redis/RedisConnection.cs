using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// The multiplexer the Redis stores share, their key naming, and the one place that rides out a Redis restart:
/// StackExchange.Redis reconnects by itself, and <see cref="RunAsync{T}"/> retries what failed meanwhile
/// (connection and timeout errors, "LOADING" while a restarted server reads its append-only file) with backoff,
/// for a bounded time.
/// </summary>
/// <remarks>
/// Key layout: every key is <c>{prefix}{kind}:{part}…</c>, where each variable part is escaped (<c>%</c> → <c>%25</c>,
/// <c>:</c> → <c>%3A</c>) so that no two (kind, parts) produce the same key. Scripts derive keys the same way
/// (<see cref="LuaKeyFunctions"/>). The keys of one operation are not hash-tagged together: this targets a single
/// Redis server (or a primary with replicas), not Redis Cluster.
/// </remarks>
public sealed class RedisConnection : IAsyncDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    // The least an attempt is given, however close the deadline (a fast answer still gets through).
    private static readonly TimeSpan MinAttempt = TimeSpan.FromMilliseconds(200);

    private readonly ConnectionMultiplexer _multiplexer;
    private readonly TimeSpan _retryFor;

    internal RedisConnection(ConnectionMultiplexer multiplexer, string keyPrefix, TimeSpan retryFor, string endpoint)
    {
        _multiplexer = multiplexer;
        Prefix = keyPrefix;
        _retryFor = retryFor;
        Endpoint = endpoint;
    }

    public string Prefix { get; }

    /// <summary>"Redis at host:port", for error messages.</summary>
    public string Endpoint { get; }

    public IDatabase Database => _multiplexer.GetDatabase();

    /// <summary>A key: the prefix, the kind, then each part escaped.</summary>
    public RedisKey Key(string kind, params string[] parts) =>
        parts.Length == 0 ? Prefix + kind : Prefix + kind + ":" + string.Join(':', parts.Select(Escape));

    public static string Escape(string part) => part.Replace("%", "%25").Replace(":", "%3A");

    /// <summary>The Lua twins of <see cref="Key"/>: <c>key(kind, part…)</c>, with the prefix as the script's ARGV[1].</summary>
    public const string LuaKeyFunctions = """
        local prefix = ARGV[1]
        local function esc(s) return (string.gsub(string.gsub(s, '%%', '%%25'), ':', '%%3A')) end
        local function key(kind, ...)
          local k = prefix .. kind
          for _, p in ipairs({...}) do k = k .. ':' .. esc(p) end
          return k
        end
        """ + "\n";

    /// <summary>Evaluates a script whose ARGV[1] is the prefix (see <see cref="LuaKeyFunctions"/>), with retry.</summary>
    public Task<RedisResult> ScriptAsync(string script, RedisKey[] keys, RedisValue[] args, CancellationToken ct) =>
        RunAsync(db => db.ScriptEvaluateAsync(script, keys, [Prefix, .. args]), ct);

    /// <summary>Runs an operation, retrying it whole while Redis is away, up to the bound given at connect.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> work, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _retryFor;
        var delay = FirstDelay;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                // One attempt keeps to the bound too: a command queued while the multiplexer reconnects otherwise
                // waits out the client's own timeouts (20 s seen with a 2 s bound).
                var left = deadline - DateTime.UtcNow;
                return await work(Database).WaitAsync(left > MinAttempt ? left : MinAttempt, ct).ConfigureAwait(false);
            }
            catch (Exception e) when ((IsTransient(e) || e is TimeoutException) && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow + delay >= deadline)
                    throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None,
                        $"{Endpoint} still failing after retrying for {_retryFor}: {e.Message}", e, CommandStatus.Unknown);
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    public Task RunAsync(Func<IDatabase, Task> work, CancellationToken ct) =>
        RunAsync(async db => { await work(db).ConfigureAwait(false); return true; }, ct);

    public static bool IsTransient(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        // A restarted server answers LOADING until it has read its data back; replicas being promoted, READONLY.
        RedisServerException s => s.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || s.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || s.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal),
        _ => false,
    };

    public async ValueTask DisposeAsync() => await _multiplexer.DisposeAsync().ConfigureAwait(false);
}
