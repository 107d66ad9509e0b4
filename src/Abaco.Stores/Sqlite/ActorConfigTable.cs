using Abaco.Core.Sharing;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>Configs and secrets; same add-if-free and update-if-present rules as aliases.</summary>
internal sealed class ActorConfigTable(SqliteDatabase db) : IActorConfigStore
{
    public Task<bool> AddAsync(ActorConfigRecord config, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t,
            "INSERT INTO actor_configs (tenant, name, doc) VALUES ($tenant, $name, $doc) " +
            "ON CONFLICT (tenant, name) DO NOTHING",
            ("$tenant", config.Tenant), ("$name", config.Name), ("$doc", StoreJson.Serialize(config))) > 0, ct);

    public Task UpdateAsync(ActorConfigRecord config, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t,
            "UPDATE actor_configs SET doc = $doc WHERE tenant = $tenant AND name = $name",
            ("$tenant", config.Tenant), ("$name", config.Name), ("$doc", StoreJson.Serialize(config))), ct);

    public Task<ActorConfigRecord?> GetAsync(string tenant, string name, CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT doc FROM actor_configs WHERE tenant = $tenant AND name = $name",
            r => StoreJson.Deserialize<ActorConfigRecord>(r.GetString(0)),
            ("$tenant", tenant), ("$name", name)).FirstOrDefault(), ct);

    public Task<IReadOnlyList<ActorConfigRecord>> ListAsync(string tenant, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ActorConfigRecord>>(c => Query(c,
            "SELECT doc FROM actor_configs WHERE tenant = $tenant ORDER BY rowid",
            r => StoreJson.Deserialize<ActorConfigRecord>(r.GetString(0)), ("$tenant", tenant)), ct);

    public Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t, "DELETE FROM actor_configs WHERE tenant = $tenant AND name = $name",
            ("$tenant", tenant), ("$name", name)) > 0, ct);
}
