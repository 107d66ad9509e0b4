using Abaco.Core.Sharing;
using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// Per subject (actor dbid or alias id) a hash <c>nonces:{subject}</c> (nonce id → document) and a sorted set
/// <c>nonces:order:{subject}</c> scored by a creation counter, for listing in creation order. Redemption is one
/// script — read, decide, write — so concurrent redemptions never oversell.
/// </summary>
internal sealed class RedisNonceStore(RedisConnection redis) : INonceStore
{
    private const string AddScript = RedisConnection.LuaKeyFunctions + """
        local subject, id, doc = ARGV[2], ARGV[3], ARGV[4]
        if redis.call('HSETNX', key('nonces', subject), id, doc) == 0 then
          return redis.error_reply('nonce ' .. id .. ' already exists')
        end
        redis.call('ZADD', key('nonces:order', subject), redis.call('INCR', key('nonces:seq')), id)
        return 1
        """;

    private const string ListScript = RedisConnection.LuaKeyFunctions + """
        local subject = ARGV[2]
        local docs = {}
        for _, id in ipairs(redis.call('ZRANGE', key('nonces:order', subject), 0, -1)) do
          local doc = redis.call('HGET', key('nonces', subject), id)
          if doc then docs[#docs + 1] = doc end
        end
        return docs
        """;

    private const string DeleteScript = RedisConnection.LuaKeyFunctions + """
        local subject, id = ARGV[2], ARGV[3]
        redis.call('ZREM', key('nonces:order', subject), id)
        return redis.call('HDEL', key('nonces', subject), id)
        """;

    private const string DeleteForSubjectScript = RedisConnection.LuaKeyFunctions + """
        return redis.call('DEL', key('nonces', ARGV[2]), key('nonces:order', ARGV[2]))
        """;

    // The rule of NonceTable.Redeem (reference §3.17) on the stored document. The counters are read with cjson but
    // written back by replacing just those fields in the System.Text.Json text: re-encoding the whole document with
    // cjson would turn empty arrays into objects and reformat numbers. The field names are StoreJson's snake_case.
    private const string RedeemScript = RedisConnection.LuaKeyFunctions + """
        local subject, id, now = ARGV[2], ARGV[3], ARGV[4]
        local doc = redis.call('HGET', key('nonces', subject), id)
        if not doc then return {'NotFound'} end
        local n = cjson.decode(doc)
        local current, remaining = n['current_uses'], n['remaining_uses']
        if remaining == -1 then
          current = current + 1
        elseif remaining > 0 then
          current = current + 1
          remaining = remaining - 1
        else
          return {'NoUsesLeft', doc}
        end
        doc = string.gsub(doc, '"current_uses":%-?%d+', '"current_uses":' .. string.format('%d', current), 1)
        doc = string.gsub(doc, '"remaining_uses":%-?%d+', '"remaining_uses":' .. string.format('%d', remaining), 1)
        if n['last_use_time'] == cjson.null then
          doc = string.gsub(doc, '"last_use_time":null', '"last_use_time":' .. now, 1)
        else
          doc = string.gsub(doc, '"last_use_time":"[^"]*"', '"last_use_time":' .. now, 1)
        end
        redis.call('HSET', key('nonces', subject), id, doc)
        return {'Redeemed', doc}
        """;

    public Task AddAsync(NonceRecord nonce, CancellationToken ct) =>
        redis.ScriptAsync(AddScript, [], [nonce.SubjectKey, nonce.Id, StoreJson.Serialize(nonce)], ct);

    public async Task<NonceRecord?> GetAsync(string subjectKey, string nonceId, CancellationToken ct)
    {
        var doc = await redis.RunAsync(db => db.HashGetAsync(redis.Key("nonces", subjectKey), nonceId), ct);
        return doc.IsNull ? null : StoreJson.Deserialize<NonceRecord>(doc!);
    }

    public async Task<IReadOnlyList<NonceRecord>> ListAsync(string subjectKey, CancellationToken ct)
    {
        var docs = (RedisValue[])(await redis.ScriptAsync(ListScript, [], [subjectKey], ct))!;
        return docs.Select(d => StoreJson.Deserialize<NonceRecord>(d!)).ToList();
    }

    public async Task<bool> DeleteAsync(string subjectKey, string nonceId, CancellationToken ct) =>
        (int)await redis.ScriptAsync(DeleteScript, [], [subjectKey, nonceId], ct) > 0;

    public Task DeleteForSubjectAsync(string subjectKey, CancellationToken ct) =>
        redis.ScriptAsync(DeleteForSubjectScript, [], [subjectKey], ct);

    public async Task<NonceRedemption> RedeemAsync(string subjectKey, string nonceId, DateTime now, CancellationToken ct)
    {
        var reply = (RedisResult[])(await redis.ScriptAsync(RedeemScript, [], [subjectKey, nonceId, StoreJson.Serialize(now)], ct))!;
        var outcome = Enum.Parse<NonceRedemptionOutcome>((string)reply[0]!);
        return new NonceRedemption(outcome, reply.Length > 1 ? StoreJson.Deserialize<NonceRecord>((string)reply[1]!) : null);
    }
}
