using Abaco.Core.Sharing;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

/// <summary>Configs and secrets; same add-if-free and update-if-present rules as aliases.</summary>
internal sealed class PgActorConfigTable(PostgresDatabase db) : IActorConfigStore
{
    public Task<bool> AddAsync(ActorConfigRecord config, CancellationToken ct) =>
        db.RunAsync(async c => await ExecuteAsync(c, null,
            "INSERT INTO actor_configs (tenant, name, doc) VALUES (@tenant, @name, @doc) " +
            "ON CONFLICT (tenant, name) DO NOTHING",
            ("tenant", config.Tenant), ("name", config.Name), ("doc", StoreJson.Serialize(config))) > 0, ct);

    public Task UpdateAsync(ActorConfigRecord config, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "UPDATE actor_configs SET doc = @doc WHERE tenant = @tenant AND name = @name",
            ("tenant", config.Tenant), ("name", config.Name), ("doc", StoreJson.Serialize(config))), ct);

    public Task<ActorConfigRecord?> GetAsync(string tenant, string name, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT doc FROM actor_configs WHERE tenant = @tenant AND name = @name",
            r => StoreJson.Deserialize<ActorConfigRecord>(r.GetString(0)),
            ("tenant", tenant), ("name", name))).FirstOrDefault(), ct);

    public Task<IReadOnlyList<ActorConfigRecord>> ListAsync(string tenant, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<ActorConfigRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM actor_configs WHERE tenant = @tenant ORDER BY seq",
            r => StoreJson.Deserialize<ActorConfigRecord>(r.GetString(0)), ("tenant", tenant)), ct);

    public Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct) =>
        db.RunAsync(async c => await ExecuteAsync(c, null, "DELETE FROM actor_configs WHERE tenant = @tenant AND name = @name",
            ("tenant", tenant), ("name", name)) > 0, ct);
}
