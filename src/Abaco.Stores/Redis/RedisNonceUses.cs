using Abaco.Core.Sharing;
using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// The use counters of nonces whose documents live elsewhere (PostgreSQL in production): per nonce a hash
/// <c>nonce-uses:{subject}:{id}</c> with <c>current</c>, <c>remaining</c> and <c>last_use</c> (JSON). Redemption is one
/// script — seed from the document if the hash is missing, apply the rule, write — so concurrent redemptions on any
/// node never oversell, without a row lock in the database.
/// </summary>
internal sealed class RedisNonceUses(RedisConnection redis)
{
    private static readonly RedisValue[] Fields = ["current", "remaining", "last_use"];

    // The rule of NonceTable.Redeem (original-abaco.md §3.17). The seed (ARGV[5..7]) is the document's counters: it only
    // matters when the hash is gone (a Redis that lost its data), and the document keeps the high-water mark of uses
    // (see ProductionNonceStore), so a lost hash never hands out uses already spent.
    private const string RedeemScript = RedisConnection.LuaKeyFunctions + """
        local k = key('nonce-uses', ARGV[2], ARGV[3])
        local now = ARGV[4]
        if redis.call('EXISTS', k) == 0 then
          redis.call('HSET', k, 'current', ARGV[5], 'remaining', ARGV[6], 'last_use', ARGV[7])
        end
        local current = tonumber(redis.call('HGET', k, 'current'))
        local remaining = tonumber(redis.call('HGET', k, 'remaining'))
        if remaining == -1 then
          current = current + 1
        elseif remaining > 0 then
          current = current + 1
          remaining = remaining - 1
        else
          return {'NoUsesLeft', string.format('%d', current), string.format('%d', remaining), redis.call('HGET', k, 'last_use')}
        end
        redis.call('HSET', k, 'current', string.format('%d', current), 'remaining', string.format('%d', remaining), 'last_use', now)
        return {'Redeemed', string.format('%d', current), string.format('%d', remaining), now}
        """;

    /// <summary>Sets the counters of a nonce just created (replacing any left by an earlier nonce of the same id).</summary>
    public Task SeedAsync(NonceRecord nonce, CancellationToken ct) =>
        redis.RunAsync(async db =>
        {
            await db.HashSetAsync(Key(nonce.SubjectKey, nonce.Id),
            [
                new HashEntry("current", nonce.CurrentUses),
                new HashEntry("remaining", nonce.RemainingUses),
                new HashEntry("last_use", StoreJson.Serialize(nonce.LastUseTime)),
            ]).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>The documents with their counters as Redis has them (a document without a hash keeps its own).</summary>
    public async Task<IReadOnlyList<NonceRecord>> CurrentAsync(IReadOnlyList<NonceRecord> documents, CancellationToken ct)
    {
        if (documents.Count == 0) return documents;
        var counters = await redis.RunAsync(db =>
            Task.WhenAll(documents.Select(n => db.HashGetAsync(Key(n.SubjectKey, n.Id), Fields))), ct).ConfigureAwait(false);
        return documents.Select((n, i) => WithCounters(n, counters[i])).ToList();
    }

    /// <summary>Uses the nonce once, atomically; the document supplies what a redemption does not change.</summary>
    public async Task<NonceRedemption> RedeemAsync(NonceRecord document, DateTime now, CancellationToken ct)
    {
        var reply = (RedisResult[])(await redis.ScriptAsync(RedeemScript, [],
        [
            document.SubjectKey, document.Id, StoreJson.Serialize<DateTime?>(now),
            document.CurrentUses, document.RemainingUses, StoreJson.Serialize(document.LastUseTime),
        ], ct).ConfigureAwait(false))!;
        var outcome = Enum.Parse<NonceRedemptionOutcome>((string)reply[0]!);
        return new NonceRedemption(outcome, WithCounters(document, [(RedisValue)reply[1], (RedisValue)reply[2], (RedisValue)reply[3]]));
    }

    public Task DeleteAsync(string subjectKey, IEnumerable<string> nonceIds, CancellationToken ct)
    {
        var keys = nonceIds.Select(id => Key(subjectKey, id)).ToArray();
        return keys.Length == 0 ? Task.CompletedTask : redis.RunAsync(db => db.KeyDeleteAsync(keys), ct);
    }

    private RedisKey Key(string subjectKey, string nonceId) => redis.Key("nonce-uses", subjectKey, nonceId);

    private static NonceRecord WithCounters(NonceRecord nonce, RedisValue[] counters) =>
        counters[0].IsNull
            ? nonce
            : nonce with
            {
                CurrentUses = (int)counters[0],
                RemainingUses = (int)counters[1],
                LastUseTime = counters[2] == "null" ? null : StoreJson.Deserialize<DateTime>(counters[2]!),
            };
}
