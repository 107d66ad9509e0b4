using Abaco.Testing.Servers;
using StackExchange.Redis;

namespace Abaco.Stores.Tests.Backends;

/// <summary>
/// The production composite: a fresh PostgreSQL database and a unique Redis key prefix per test, on the process's
/// shared servers.
/// </summary>
public sealed class ProductionStoresUnderTest : StoresUnderTest
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(30);
    private readonly PostgresStoresUnderTest _postgres = new();
    private readonly string _prefix = RedisServer.UniquePrefix();

    /// <summary>The key prefix of this test's Redis data.</summary>
    public string RedisPrefix => _prefix;

    public Task<string> PostgresConnectionStringAsync() => _postgres.ConnectionStringAsync();

    protected override async Task<IAbacoStores> OpenStoresAsync() =>
        await ProductionStores.OpenAsync(await _postgres.ConnectionStringAsync(), (await SharedServers.Redis).Configuration,
            _prefix, RetryFor, CancellationToken.None);

    public override async Task<long> CountStoredResultsAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await SharedServers.Redis).Configuration + ",allowAdmin=true");
        var keys = await redis.GetDatabase().ExecuteAsync("KEYS", $"{_prefix}results:q:*");
        var queues = (RedisResult[])keys!;
        long count = 0;
        foreach (var queue in queues) count += await redis.GetDatabase().ListLengthAsync((string)queue!);
        return count;
    }

    protected override ValueTask CleanUpAsync() => _postgres.DisposeAsync();
}
