using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// Per execution a list <c>results:q:{actor dbid}:{execution id}</c> of entries <c>{expiry}{bytes}</c>, the expiry as
/// 19-digit zero-padded UTC ticks (fixed width, so it compares as text in Lua without losing precision as a double
/// would); per actor a set <c>results:actor:{actor dbid}</c> of its queues' keys, for
/// <see cref="DeleteForActorAsync"/>. Both keys carry a TTL of their latest entry's expiry, so results nobody reads
/// vanish by themselves.
/// </summary>
internal sealed class RedisResultStore(RedisConnection redis) : IResultStore
{
    private const int ExpiryWidth = 19;

    // KEYS: queue, actor index. ARGV: prefix, entry, expiry as unix ms (rounded up).
    private const string PushScript = """
        local function extend(k, at)
          local current = redis.call('PEXPIRETIME', k)
          if current < 0 or current < at then redis.call('PEXPIREAT', k, at) end
        end
        local at = tonumber(ARGV[3])
        redis.call('RPUSH', KEYS[1], ARGV[2])
        redis.call('SADD', KEYS[2], KEYS[1])
        extend(KEYS[1], at)
        extend(KEYS[2], at)
        return 1
        """;

    // KEYS: queue. ARGV: prefix, now as 19-digit ticks. Pops past expired entries to the first one still valid.
    private const string PopScript = """
        while true do
          local entry = redis.call('LPOP', KEYS[1])
          if not entry then return nil end
          if string.sub(entry, 1, 19) > ARGV[2] then return {string.sub(entry, 20)} end
        end
        """;

    // KEYS: actor index. Deletes every queue it names, then itself.
    private const string DeleteForActorScript = """
        for _, queue in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', queue) end
        return redis.call('DEL', KEYS[1])
        """;

    public Task PushAsync(string actorDbId, string executionId, byte[] result, DateTime expiresAt, CancellationToken ct)
    {
        var expiry = expiresAt.ToUniversalTime();
        var entry = new byte[ExpiryWidth + result.Length];
        System.Text.Encoding.ASCII.GetBytes(Ticks(expiry), entry);
        result.CopyTo(entry, ExpiryWidth);
        var unixMs = (expiry.Ticks - DateTime.UnixEpoch.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        return redis.ScriptAsync(PushScript, [Queue(actorDbId, executionId), redis.Key("results:actor", actorDbId)],
            [entry, unixMs], ct);
    }

    public async Task<byte[]?> PopAsync(string actorDbId, string executionId, DateTime now, CancellationToken ct)
    {
        var reply = await redis.ScriptAsync(PopScript, [Queue(actorDbId, executionId)], [Ticks(now.ToUniversalTime())], ct);
        if (reply.IsNull) return null;
        var data = (byte[]?)((RedisResult[])reply!)[0];
        return data ?? [];
    }

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        redis.ScriptAsync(DeleteForActorScript, [redis.Key("results:actor", actorDbId)], [], ct);

    private RedisKey Queue(string actorDbId, string executionId) => redis.Key("results:q", actorDbId, executionId);

    private static string Ticks(DateTime utc) => utc.Ticks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
