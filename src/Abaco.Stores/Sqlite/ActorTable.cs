using Abaco.Core.Actors;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

internal sealed class ActorTable(SqliteDatabase db) : IActorStore
{
    private const int CachedRecords = 10_000;
    private readonly ActorRecordCache _cache = new(CachedRecords);

    public Task UpsertAsync(ActorRecord actor, CancellationToken ct) =>
        WrittenAsync(actor.DbId, db.WriteAsync((c, t) =>
        {
            Execute(c, t,
                "INSERT INTO actors (db_id, tenant, doc) VALUES ($id, $tenant, $doc) " +
                "ON CONFLICT (db_id) DO UPDATE SET doc = excluded.doc",
                ("$id", actor.DbId), ("$tenant", actor.Tenant), ("$doc", StoreJson.Serialize(actor)));
            Execute(c, t, "INSERT INTO actor_registrations (db_id) VALUES ($id) ON CONFLICT (db_id) DO NOTHING",
                ("$id", actor.DbId));
        }, ct));

    public Task<int> CountRegisteredAsync(CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT COUNT(*) FROM actor_registrations", r => r.GetInt32(0)).First(), ct);

    public async Task<ActorRecord?> GetAsync(string dbId, CancellationToken ct)
    {
        if (_cache.TryGet(dbId, out var cached)) return cached;
        var writes = _cache.BeforeRead();
        var record = await db.ReadAsync(c => Query(c, "SELECT doc FROM actors WHERE db_id = $id",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("$id", dbId)).FirstOrDefault(), ct);
        _cache.Fill(dbId, record, writes);
        return record;
    }

    public Task<IReadOnlyList<ActorRecord>> ListAsync(string tenant, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ActorRecord>>(c => Query(c,
            "SELECT doc FROM actors WHERE tenant = $tenant ORDER BY rowid",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("$tenant", tenant)), ct);

    public Task<IReadOnlyList<ActorRecord>> ListAllAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ActorRecord>>(c => Query(c, "SELECT doc FROM actors ORDER BY rowid",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0))), ct);

    public Task<IReadOnlyList<ActorRecord>> ListManyAsync(IReadOnlyCollection<string> dbIds, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ActorRecord>>(c => Query(c,
            "SELECT doc FROM actors WHERE db_id IN (SELECT value FROM json_each($ids)) ORDER BY rowid",
            r => StoreJson.Deserialize<ActorRecord>(r.GetString(0)), ("$ids", IdList(dbIds))), ct);

    public Task<int> CountAsync(CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT COUNT(*) FROM actors", r => r.GetInt32(0)).First(), ct);

    public Task DeleteAsync(string dbId, CancellationToken ct) =>
        WrittenAsync(dbId, db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM actors WHERE db_id = $id", ("$id", dbId)), ct));

    private async Task WrittenAsync(string dbId, Task write)
    {
        try
        {
            await write;
        }
        finally
        {
            _cache.Written(dbId);
        }
    }
}
