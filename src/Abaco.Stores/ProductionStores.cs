using Abaco.Stores.Postgres;
using Abaco.Stores.Redis;

namespace Abaco.Stores;

/// <summary>
/// The production backend: what every node reads and writes on the hot path (actors, workers, results, nonce use
/// counters) in Redis; what must be kept and searched (executions, logs, permissions, nonces, aliases, configs) in
/// PostgreSQL. Redis holds nothing PostgreSQL and the journal cannot give back: when it loses its data the entities
/// rewrite their actors and workers (see <see cref="IRebuildableStores"/>), nonce counters re-seed from the uses
/// PostgreSQL recorded, and only results not yet read are lost.
/// </summary>
public sealed class ProductionStores : IAbacoStores, IRebuildableStores
{
    private readonly PostgresStores _postgres;
    private readonly RedisStores _redis;

    public ProductionStores(PostgresStores postgres, RedisStores redis)
    {
        _postgres = postgres;
        _redis = redis;
        Nonces = new ProductionNonceStore(postgres.NonceTable, redis.NonceUses);
    }

    /// <summary>
    /// Opens both (each failing fast, naming its endpoint, when unreachable); operations then ride out a restart of
    /// either server for up to <paramref name="retryFor"/>.
    /// </summary>
    public static async Task<ProductionStores> OpenAsync(string postgresConnectionString, string redisConfiguration,
        string redisKeyPrefix, TimeSpan retryFor, CancellationToken ct)
    {
        var postgres = await PostgresStores.OpenAsync(postgresConnectionString, retryFor, ct).ConfigureAwait(false);
        try
        {
            var redis = await RedisStores.ConnectAsync(redisConfiguration, redisKeyPrefix, retryFor, ct).ConfigureAwait(false);
            return new ProductionStores(postgres, redis);
        }
        catch
        {
            await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IActorStore Actors => _redis.Actors;
    public IWorkerStore Workers => _redis.Workers;
    public IResultStore Results => _redis.Results;
    public INonceStore Nonces { get; }
    public IExecutionStore Executions => _postgres.Executions;
    public ILogStore Logs => _postgres.Logs;
    public IPermissionStore Permissions => _postgres.Permissions;
    public IAliasStore Aliases => _postgres.Aliases;
    public IActorConfigStore Configs => _postgres.Configs;
    public IClientStore Clients => _postgres.Clients;
    /// <summary>In PostgreSQL: bodies are large and written once; every node must reach them.</summary>
    public Bodies.IMessageBodyStore Bodies => _postgres.Bodies;

    public Task<bool> ClaimRebuildAsync(CancellationToken ct = default) => _redis.Generation.ClaimIfMissingAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try { await _redis.DisposeAsync().ConfigureAwait(false); }
        finally { await _postgres.DisposeAsync().ConfigureAwait(false); }
    }
}
