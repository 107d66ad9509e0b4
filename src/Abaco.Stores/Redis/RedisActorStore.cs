using Abaco.Core.Actors;
using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// Per actor a hash <c>actor:{dbid}</c> (<c>doc</c>, and the <c>tenant</c> it is indexed under); sorted sets
/// <c>actors:tenant:{tenant}</c> and <c>actors:all</c> scored by a registration counter (so lists come in creation
/// order, as in SQL); and the set <c>actors:registered</c>, never shrunk, for <see cref="CountRegisteredAsync"/>.
/// </summary>
internal sealed class RedisActorStore(RedisConnection redis) : IActorStore
{
    private const string UpsertScript = RedisConnection.LuaKeyFunctions + """
        local id, tenant, doc = ARGV[2], ARGV[3], ARGV[4]
        redis.call('HSET', key('actor', id), 'doc', doc, 'tenant', tenant)
        local seq = redis.call('INCR', key('actors:seq'))
        redis.call('ZADD', key('actors:tenant', tenant), 'NX', seq, id)
        redis.call('ZADD', key('actors:all'), 'NX', seq, id)
        redis.call('SADD', key('actors:registered'), id)
        return 1
        """;

    private const string DeleteScript = RedisConnection.LuaKeyFunctions + """
        local id = ARGV[2]
        local tenant = redis.call('HGET', key('actor', id), 'tenant')
        if tenant then redis.call('ZREM', key('actors:tenant', tenant), id) end
        redis.call('ZREM', key('actors:all'), id)
        return redis.call('DEL', key('actor', id))
        """;

    // Reading the index and the documents in one script: a list never names an actor it cannot return.
    private const string ListScript = RedisConnection.LuaKeyFunctions + """
        local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
        local docs = {}
        for _, id in ipairs(ids) do
          local doc = redis.call('HGET', key('actor', id), 'doc')
          if doc then docs[#docs + 1] = doc end
        end
        return docs
        """;

    // The given actors in registration order: each id's rank in the index, then its document.
    private const string ListManyScript = RedisConnection.LuaKeyFunctions + """
        local found = {}
        for i = 2, #ARGV do
          local seq = redis.call('ZSCORE', key('actors:all'), ARGV[i])
          local doc = redis.call('HGET', key('actor', ARGV[i]), 'doc')
          if seq and doc then found[#found + 1] = {tonumber(seq), doc} end
        end
        table.sort(found, function(a, b) return a[1] < b[1] end)
        local docs = {}
        for _, f in ipairs(found) do docs[#docs + 1] = f[2] end
        return docs
        """;

    public Task UpsertAsync(ActorRecord actor, CancellationToken ct) =>
        redis.ScriptAsync(UpsertScript, [], [actor.DbId, actor.Tenant, StoreJson.Serialize(actor)], ct);

    public async Task<int> CountRegisteredAsync(CancellationToken ct) =>
        (int)await redis.RunAsync(db => db.SetLengthAsync(redis.Key("actors:registered")), ct);

    public async Task<ActorRecord?> GetAsync(string dbId, CancellationToken ct)
    {
        var doc = await redis.RunAsync(db => db.HashGetAsync(redis.Key("actor", dbId), "doc"), ct);
        return doc.IsNull ? null : StoreJson.Deserialize<ActorRecord>(doc!);
    }

    public Task<IReadOnlyList<ActorRecord>> ListAsync(string tenant, CancellationToken ct) =>
        List(redis.Key("actors:tenant", tenant), ct);

    public Task<IReadOnlyList<ActorRecord>> ListAllAsync(CancellationToken ct) => List(redis.Key("actors:all"), ct);

    private async Task<IReadOnlyList<ActorRecord>> List(RedisKey index, CancellationToken ct)
    {
        var docs = (RedisValue[])(await redis.ScriptAsync(ListScript, [index], [], ct))!;
        return docs.Select(d => StoreJson.Deserialize<ActorRecord>(d!)).ToList();
    }

    public async Task<IReadOnlyList<ActorRecord>> ListManyAsync(IReadOnlyCollection<string> dbIds, CancellationToken ct)
    {
        if (dbIds.Count == 0) return [];
        var docs = (RedisValue[])(await redis.ScriptAsync(ListManyScript, [],
            dbIds.Distinct().Select(id => (RedisValue)id).ToArray(), ct))!;
        return docs.Select(d => StoreJson.Deserialize<ActorRecord>(d!)).ToList();
    }

    public async Task<int> CountAsync(CancellationToken ct) =>
        (int)await redis.RunAsync(db => db.SortedSetLengthAsync(redis.Key("actors:all")), ct);

    public Task DeleteAsync(string dbId, CancellationToken ct) => redis.ScriptAsync(DeleteScript, [], [dbId], ct);
}
