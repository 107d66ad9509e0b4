using Abaco.Core.Actors;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

internal sealed class PgActorTable(PostgresDatabase db) : IActorStore
{
    public Task UpsertAsync(ActorRecord actor, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "INSERT INTO actors (db_id, tenant, doc) VALUES (@id, @tenant, @doc) " +
            "ON CONFLICT (db_id) DO UPDATE SET doc = excluded.doc; " +
            "INSERT INTO actor_registrations (db_id) VALUES (@id) ON CONFLICT (db_id) DO NOTHING",
            ("id", actor.DbId), ("tenant", actor.Tenant), ("doc", StoreJson.Serialize(actor))), ct);

    public Task<int> CountRegisteredAsync(CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT COUNT(*) FROM actor_registrations",
            r => (int)r.GetInt64(0))).First(), ct);

    public Task<ActorRecord?> GetAsync(string dbId, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT doc FROM actors WHERE db_id = @id",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("id", dbId))).FirstOrDefault(), ct);

    public Task<IReadOnlyList<ActorRecord>> ListAsync(string tenant, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<ActorRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM actors WHERE tenant = @tenant ORDER BY seq",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("tenant", tenant)), ct);

    public Task<IReadOnlyList<ActorRecord>> ListAllAsync(CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<ActorRecord>>(async c => await QueryAsync(c, null, "SELECT doc FROM actors ORDER BY seq",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0))), ct);

    public Task<IReadOnlyList<ActorRecord>> ListManyAsync(IReadOnlyCollection<string> dbIds, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<ActorRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM actors WHERE db_id = ANY(@ids) ORDER BY seq",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("ids", dbIds.ToArray())), ct);

    public Task<int> CountAsync(CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT COUNT(*) FROM actors", r => (int)r.GetInt64(0))).First(), ct);

    public Task DeleteAsync(string dbId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM actors WHERE db_id = @id", ("id", dbId)), ct);
}
