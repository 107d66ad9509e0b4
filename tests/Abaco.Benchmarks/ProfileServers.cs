using Abaco.Testing;
using Abaco.Testing.Servers;

namespace Abaco.Benchmarks;

/// <summary>The servers a store profile needs: none for the embedded one; PostgreSQL (fsync on) and Redis for production.</summary>
public sealed class ProfileServers : IAsyncDisposable
{
    private readonly PostgresServer? _postgres;
    private readonly RedisServer? _redis;

    private ProfileServers(PostgresServer? postgres, RedisServer? redis)
    {
        _postgres = postgres;
        _redis = redis;
    }

    public static async Task<ProfileServers> StartAsync(string profile) => profile switch
    {
        "embedded" => new ProfileServers(null, null),
        "production" => new ProfileServers(await PostgresServer.StartAsync(durable: true), await RedisServer.StartAsync()),
        _ => throw new ArgumentException($"--profiles takes embedded and/or production, not {profile}"),
    };

    /// <summary>The ports the servers listen on (none for the embedded profile), by which <see cref="ProcessCpu"/> finds them.</summary>
    public IReadOnlyList<int> Ports => new[] { _postgres?.Port, _redis?.Port }.OfType<int>().ToList();

    /// <summary>The node config lines that select this profile's stores.</summary>
    public async Task<string> NodeConfigAsync() => _postgres is null || _redis is null
        ? ""
        : AbacoNode.ProductionStoreConfig(await _postgres.CreateDatabaseAsync(), _redis.Configuration, RedisServer.UniquePrefix());

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
