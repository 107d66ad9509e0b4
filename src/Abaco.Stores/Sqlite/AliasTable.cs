using Abaco.Core.Sharing;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

internal sealed class AliasTable(SqliteDatabase db) : IAliasStore
{
    // ON CONFLICT DO NOTHING makes "is it taken?" and "take it" one statement: two racing adds cannot both win.
    public Task<bool> AddAsync(AliasRecord alias, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t,
            "INSERT INTO aliases (tenant, alias, actor_id, doc) VALUES ($tenant, $alias, $actor, $doc) " +
            "ON CONFLICT (tenant, alias) DO NOTHING",
            ("$tenant", alias.Tenant), ("$alias", alias.Alias), ("$actor", alias.ActorId),
            ("$doc", StoreJson.Serialize(alias))) > 0, ct);

    // Updates only an alias that still exists, so an update racing a delete does not bring the alias back.
    public Task UpdateAsync(AliasRecord alias, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t,
            "UPDATE aliases SET actor_id = $actor, doc = $doc WHERE tenant = $tenant AND alias = $alias",
            ("$tenant", alias.Tenant), ("$alias", alias.Alias), ("$actor", alias.ActorId),
            ("$doc", StoreJson.Serialize(alias))), ct);

    public Task<AliasRecord?> GetAsync(string tenant, string alias, CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT doc FROM aliases WHERE tenant = $tenant AND alias = $alias",
            r => StoreJson.Deserialize<AliasRecord>(r.GetString(0)),
            ("$tenant", tenant), ("$alias", alias)).FirstOrDefault(), ct);

    public Task<IReadOnlyList<AliasRecord>> ListAsync(string tenant, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<AliasRecord>>(c => Query(c,
            "SELECT doc FROM aliases WHERE tenant = $tenant ORDER BY rowid",
            r => StoreJson.Deserialize<AliasRecord>(r.GetString(0)), ("$tenant", tenant)), ct);

    public Task<IReadOnlyList<AliasRecord>> ListForActorAsync(string tenant, string actorId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<AliasRecord>>(c => Query(c,
            "SELECT doc FROM aliases WHERE tenant = $tenant AND actor_id = $actor ORDER BY rowid",
            r => StoreJson.Deserialize<AliasRecord>(r.GetString(0)), ("$tenant", tenant), ("$actor", actorId)), ct);

    public Task<bool> DeleteAsync(string tenant, string alias, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t, "DELETE FROM aliases WHERE tenant = $tenant AND alias = $alias",
            ("$tenant", tenant), ("$alias", alias)) > 0, ct);
}
