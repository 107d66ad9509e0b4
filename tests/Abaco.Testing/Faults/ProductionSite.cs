using Abaco.Testing.Servers;

namespace Abaco.Testing.Faults;

/// <summary>
/// A node of the production profile on a PostgreSQL and a redis-server of its own, so that a fault spec may stop,
/// flush or break them without touching what other tests use. Disposing stops the node, then both servers.
/// </summary>
public sealed class ProductionSite : IAsyncDisposable
{
    private ProductionSite(PostgresServer postgres, RedisServer redis, AbacoNode node)
    {
        Postgres = postgres;
        Redis = redis;
        Node = node;
    }

    public PostgresServer Postgres { get; }
    public RedisServer Redis { get; }
    public AbacoNode Node { get; }

    /// <summary>Starts both servers and a node on them; <paramref name="extraConfig"/> adds HOCON lines.</summary>
    public static async Task<ProductionSite> StartAsync(string extraConfig = "")
    {
        var postgres = await PostgresServer.StartAsync();
        RedisServer? redis = null;
        try
        {
            redis = await RedisServer.StartAsync();
            var node = new AbacoNode(AbacoNode.ProductionStoreConfig(await postgres.CreateDatabaseAsync(),
                redis.Configuration, RedisServer.UniquePrefix()) + "\n" + extraConfig);
            var site = new ProductionSite(postgres, redis, node);
            try
            {
                await node.StartAsync();
            }
            catch
            {
                await site.DisposeAsync();
                throw;
            }
            return site;
        }
        catch when (redis is null)
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Redis loses every key, as after a restart without persistence or a failover to an empty replica.</summary>
    public Task FlushRedisAsync() =>
        ServerProcess.RunAsync(null, "redis-cli", "-h", "127.0.0.1", "-p", Redis.Port.ToString(), "FLUSHALL");

    public async ValueTask DisposeAsync()
    {
        try { await Node.DisposeAsync(); }
        finally
        {
            try { await Redis.DisposeAsync(); }
            finally { await Postgres.DisposeAsync(); }
        }
    }
}
