using Abaco.Core.Sharing;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

internal sealed class PgAliasTable(PostgresDatabase db) : IAliasStore
{
    // ON CONFLICT DO NOTHING makes "is it taken?" and "take it" one statement: two racing adds cannot both win.
    public Task<bool> AddAsync(AliasRecord alias, CancellationToken ct) =>
        db.RunAsync(async c => await ExecuteAsync(c, null,
            "INSERT INTO aliases (tenant, alias, actor_id, doc) VALUES (@tenant, @alias, @actor, @doc) " +
            "ON CONFLICT (tenant, alias) DO NOTHING",
            ("tenant", alias.Tenant), ("alias", alias.Alias), ("actor", alias.ActorId),
            ("doc", StoreJson.Serialize(alias))) > 0, ct);

    // Updates only an alias that still exists, so an update racing a delete does not bring the alias back.
    public Task UpdateAsync(AliasRecord alias, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "UPDATE aliases SET actor_id = @actor, doc = @doc WHERE tenant = @tenant AND alias = @alias",
            ("tenant", alias.Tenant), ("alias", alias.Alias), ("actor", alias.ActorId),
            ("doc", StoreJson.Serialize(alias))), ct);

    public Task<AliasRecord?> GetAsync(string tenant, string alias, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT doc FROM aliases WHERE tenant = @tenant AND alias = @alias",
            r => StoreJson.Deserialize<AliasRecord>(r.GetString(0)),
            ("tenant", tenant), ("alias", alias))).FirstOrDefault(), ct);

    public Task<IReadOnlyList<AliasRecord>> ListAsync(string tenant, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<AliasRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM aliases WHERE tenant = @tenant ORDER BY seq",
            r => StoreJson.Deserialize<AliasRecord>(r.GetString(0)), ("tenant", tenant)), ct);

    public Task<IReadOnlyList<AliasRecord>> ListForActorAsync(string tenant, string actorId, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<AliasRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM aliases WHERE tenant = @tenant AND actor_id = @actor ORDER BY seq",
            r => StoreJson.Deserialize<AliasRecord>(r.GetString(0)), ("tenant", tenant), ("actor", actorId)), ct);

    public Task<bool> DeleteAsync(string tenant, string alias, CancellationToken ct) =>
        db.RunAsync(async c => await ExecuteAsync(c, null, "DELETE FROM aliases WHERE tenant = @tenant AND alias = @alias",
            ("tenant", tenant), ("alias", alias)) > 0, ct);
}
