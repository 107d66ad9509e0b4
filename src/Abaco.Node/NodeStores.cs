using Abaco.Core.Settings;
using Abaco.Stores;
using Abaco.Stores.Postgres;
using Abaco.Stores.Sqlite;

namespace Abaco.Node;

/// <summary>
/// Opens the configured store backend before anything else starts: schemas are created or migrated here, and a node
/// whose database server cannot be reached stops at once with a message naming it instead of failing request by request.
/// </summary>
internal static class NodeStores
{
    public static async Task<IAbacoStores> OpenAsync(AbacoSettings settings, CancellationToken ct)
    {
        var store = settings.Store;
        return store.Backend switch
        {
            StoreBackend.Sqlite => new SqliteStores(Path.Combine(settings.Node.DataDir, store.SqliteFile)),
            StoreBackend.Postgres => await PostgresStores.OpenAsync(store.PostgresConnection, store.RetryFor, ct),
            StoreBackend.PostgresRedis => await ProductionStores.OpenAsync(store.PostgresConnection,
                store.RedisConfiguration, store.RedisKeyPrefix, store.RetryFor, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), store.Backend, "unknown store backend"),
        };
    }
}
