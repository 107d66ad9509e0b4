using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// The fast, shared backend for what every node touches on the hot path: actors, workers, results and the use
/// counters of nonces. Records are the same <see cref="StoreJson"/> documents as in the SQL backends; every key lives
/// under a prefix (default <see cref="DefaultKeyPrefix"/>) so that several sites or test runs can share one server.
/// Needs Redis 7 or later (the result queues read their TTL with PEXPIRETIME) and a single server or primary, not Redis Cluster (see
/// <see cref="RedisConnection"/> for the key layout).
/// </summary>
public sealed class RedisStores : IAsyncDisposable
{
    public const string DefaultKeyPrefix = "abaco:";
    public static readonly TimeSpan DefaultRetryFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(5);

    private readonly RedisConnection _redis;

    private RedisStores(RedisConnection redis)
    {
        _redis = redis;
        Actors = new RedisActorStore(redis);
        Workers = new RedisWorkerStore(redis);
        Results = new RedisResultStore(redis);
        NonceUses = new RedisNonceUses(redis);
        Generation = new RedisGeneration(redis);
    }

    /// <summary>
    /// Connects and checks with a PING that the server answers, failing at once (naming the endpoint) when it does
    /// not. Afterwards the multiplexer reconnects by itself and operations retry for <paramref name="retryFor"/>.
    /// </summary>
    public static async Task<RedisStores> ConnectAsync(string configuration, string keyPrefix, TimeSpan retryFor,
        CancellationToken ct)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Keep reconnecting in the background after start; whether the server is there now is checked below.
        options.AbortOnConnectFail = false;
        var endpoint = "Redis at " + (options.EndPoints.Count == 0
            ? "localhost:6379"
            : string.Join(", ", options.EndPoints.Select(EndPointText)));
        var deadline = DateTime.UtcNow + StartDeadline;
        ConnectionMultiplexer? multiplexer = null;
        try
        {
            multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    // The whole check keeps to StartDeadline: a ping may otherwise wait out its own timeout past it.
                    var left = deadline - DateTime.UtcNow;
                    await multiplexer.GetDatabase().PingAsync()
                        .WaitAsync(left > TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), ct)
                        .ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (RedisConnection.IsTransient(e) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            if (multiplexer is not null) await multiplexer.DisposeAsync().ConfigureAwait(false);
            if (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
                throw new InvalidOperationException($"{endpoint} is unreachable: {e.Message}", e);
            throw;
        }
        return new RedisStores(new RedisConnection(multiplexer, keyPrefix, retryFor, endpoint));
    }

    private static string EndPointText(System.Net.EndPoint e) => e switch
    {
        System.Net.DnsEndPoint d => $"{d.Host}:{d.Port}",
        System.Net.IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        _ => e.ToString() ?? "?",
    };

    public RedisConnection Connection => _redis;

    public IActorStore Actors { get; }
    public IWorkerStore Workers { get; }
    public IResultStore Results { get; }
    /// <summary>The use counters of nonces whose documents PostgreSQL keeps.</summary>
    internal RedisNonceUses NonceUses { get; }
    /// <summary>The marker whose absence tells that Redis lost its data.</summary>
    internal RedisGeneration Generation { get; }

    public ValueTask DisposeAsync() => _redis.DisposeAsync();
}
