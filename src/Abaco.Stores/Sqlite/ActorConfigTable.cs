using Abaco.Core.Sharing;
using Microsoft.Data.Sqlite;
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

    /// <summary>Binds the configs an earlier version wrote (see <see cref="ConfigTargetMigration"/>); once, at open.</summary>
    internal static void BindUnbound(SqliteConnection connection)
    {
        var unbound = Query(connection, "SELECT tenant, name, doc FROM actor_configs",
                r => (Tenant: r.GetString(0), Name: r.GetString(1), Doc: r.GetString(2)))
            .Where(row => ConfigTargetMigration.IsUnbound(row.Doc)).ToList();
        if (unbound.Count == 0) return;
        using var transaction = connection.BeginTransaction();
        foreach (var (tenant, name, doc) in unbound)
        {
            var bound = ConfigTargetMigration.Bind(doc, (t, alias) => Query(connection, transaction,
                "SELECT actor_id FROM aliases WHERE tenant = $tenant AND alias = $alias",
                r => r.GetString(0), ("$tenant", t), ("$alias", alias)).FirstOrDefault());
            Execute(connection, transaction, "UPDATE actor_configs SET doc = $doc WHERE tenant = $tenant AND name = $name",
                ("$tenant", tenant), ("$name", name), ("$doc", bound));
        }
        transaction.Commit();
    }

    public Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t, "DELETE FROM actor_configs WHERE tenant = $tenant AND name = $name",
            ("$tenant", tenant), ("$name", name)) > 0, ct);
}
