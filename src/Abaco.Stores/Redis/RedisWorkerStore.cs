using Abaco.Core.Workers;

namespace Abaco.Stores.Redis;

/// <summary>
/// Per actor a hash <c>workers:{actor dbid}</c> (worker id → document); per host a set <c>workers:host:{host}</c> of
/// <c>["actor dbid","worker id"]</c> members, for <see cref="DeleteForHostAsync"/>; and <c>workers:actors</c>, the
/// actors that have workers, for <see cref="ListAllAsync"/>. Scripts keep the three in step (a worker that moves
/// host leaves its old host's set).
/// </summary>
internal sealed class RedisWorkerStore(RedisConnection redis) : IWorkerStore
{
    // Shared by the scripts: forget one worker's host membership, given its stored document.
    private const string Common = RedisConnection.LuaKeyFunctions + """
        local function member(actor, id) return cjson.encode({actor, id}) end
        local function unindex(actor, id, doc)
          if doc then redis.call('SREM', key('workers:host', cjson.decode(doc)['host_id']), member(actor, id)) end
        end
        """ + "\n";

    private const string UpsertScript = Common + """
        local actor, id, host, doc = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        unindex(actor, id, redis.call('HGET', key('workers', actor), id))
        redis.call('HSET', key('workers', actor), id, doc)
        redis.call('SADD', key('workers:host', host), member(actor, id))
        redis.call('SADD', key('workers:actors'), actor)
        return 1
        """;

    private const string DeleteScript = Common + """
        local actor, id = ARGV[2], ARGV[3]
        unindex(actor, id, redis.call('HGET', key('workers', actor), id))
        local n = redis.call('HDEL', key('workers', actor), id)
        if redis.call('HLEN', key('workers', actor)) == 0 then redis.call('SREM', key('workers:actors'), actor) end
        return n
        """;

    private const string DeleteForActorScript = Common + """
        local actor = ARGV[2]
        local all = redis.call('HGETALL', key('workers', actor))
        for i = 1, #all, 2 do unindex(actor, all[i], all[i + 1]) end
        redis.call('DEL', key('workers', actor))
        redis.call('SREM', key('workers:actors'), actor)
        return #all / 2
        """;

    // Only workers still on the host go: a member left behind by a worker that moved is skipped.
    private const string DeleteForHostScript = Common + """
        local host = ARGV[2]
        local count = 0
        for _, m in ipairs(redis.call('SMEMBERS', key('workers:host', host))) do
          local pair = cjson.decode(m)
          local actor, id = pair[1], pair[2]
          local doc = redis.call('HGET', key('workers', actor), id)
          if doc and cjson.decode(doc)['host_id'] == host then
            redis.call('HDEL', key('workers', actor), id)
            if redis.call('HLEN', key('workers', actor)) == 0 then redis.call('SREM', key('workers:actors'), actor) end
            count = count + 1
          end
        end
        redis.call('DEL', key('workers:host', host))
        return count
        """;

    private const string ListAllScript = RedisConnection.LuaKeyFunctions + """
        local docs = {}
        for _, actor in ipairs(redis.call('SMEMBERS', key('workers:actors'))) do
          for _, doc in ipairs(redis.call('HVALS', key('workers', actor))) do docs[#docs + 1] = doc end
        end
        return docs
        """;

    // Counted in Redis: only the status totals travel.
    private const string CountByStatusScript = RedisConnection.LuaKeyFunctions + """
        local counts = {}
        for _, actor in ipairs(redis.call('SMEMBERS', key('workers:actors'))) do
          for _, doc in ipairs(redis.call('HVALS', key('workers', actor))) do
            local status = cjson.decode(doc)['status']
            counts[status] = (counts[status] or 0) + 1
          end
        end
        local out = {}
        for status, n in pairs(counts) do out[#out + 1] = status; out[#out + 1] = n end
        return out
        """;

    public Task UpsertAsync(WorkerRecord w, CancellationToken ct) =>
        redis.ScriptAsync(UpsertScript, [], [w.ActorDbId, w.Id, w.HostId, StoreJson.Serialize(w)], ct);

    public Task DeleteAsync(string actorDbId, string workerId, CancellationToken ct) =>
        redis.ScriptAsync(DeleteScript, [], [actorDbId, workerId], ct);

    public async Task<WorkerRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct)
    {
        var doc = await redis.RunAsync(db => db.HashGetAsync(redis.Key("workers", actorDbId), workerId), ct);
        return doc.IsNull ? null : StoreJson.Deserialize<WorkerRecord>(doc!);
    }

    public async Task<IReadOnlyList<WorkerRecord>> ListAsync(string actorDbId, CancellationToken ct)
    {
        var docs = await redis.RunAsync(db => db.HashValuesAsync(redis.Key("workers", actorDbId)), ct);
        return Ordered(docs.Select(d => StoreJson.Deserialize<WorkerRecord>(d!)));
    }

    public async Task<IReadOnlyList<WorkerRecord>> ListAllAsync(CancellationToken ct)
    {
        var docs = (StackExchange.Redis.RedisValue[])(await redis.ScriptAsync(ListAllScript, [], [], ct))!;
        return Ordered(docs.Select(d => StoreJson.Deserialize<WorkerRecord>(d!)));
    }

    public async Task<IReadOnlyList<WorkerRecord>> ListForActorsAsync(IReadOnlyCollection<string> actorDbIds, CancellationToken ct)
    {
        // One hash per actor, read together (the multiplexer pipelines them).
        var perActor = await Task.WhenAll(actorDbIds.Distinct().Select(actor => ListAsync(actor, ct)));
        return Ordered(perActor.SelectMany(w => w));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct)
    {
        var pairs = (StackExchange.Redis.RedisResult[])(await redis.ScriptAsync(CountByStatusScript, [], [], ct))!;
        var counts = new Dictionary<string, int>();
        for (var i = 0; i + 1 < pairs.Length; i += 2) counts[(string)pairs[i]!] = (int)pairs[i + 1];
        return counts;
    }

    // Hashes and sets have no order; creation time then id gives a stable one, close to SQL's insertion order.
    private static List<WorkerRecord> Ordered(IEnumerable<WorkerRecord> workers) =>
        workers.OrderBy(w => w.CreateTime).ThenBy(w => w.ActorDbId, StringComparer.Ordinal)
            .ThenBy(w => w.Id, StringComparer.Ordinal).ToList();

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        redis.ScriptAsync(DeleteForActorScript, [], [actorDbId], ct);

    public async Task<int> DeleteForHostAsync(string hostId, CancellationToken ct) =>
        (int)await redis.ScriptAsync(DeleteForHostScript, [], [hostId], ct);
}
