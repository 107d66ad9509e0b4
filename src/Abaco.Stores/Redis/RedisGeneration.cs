using StackExchange.Redis;

namespace Abaco.Stores.Redis;

/// <summary>
/// The generation marker of the Redis projection: one key, <c>{prefix}generation</c>, holding when and by whom it
/// was written. It is written only when absent, and nothing deletes it, so its absence means that Redis lost its
/// data (or never had any of this site's).
/// </summary>
internal sealed class RedisGeneration(RedisConnection redis)
{
    public async Task<bool> ClaimIfMissingAsync(CancellationToken ct)
    {
        var stamp = $"{DateTime.UtcNow:O} {Environment.MachineName} {Guid.NewGuid():N}";
        return await redis.RunAsync(db => db.StringSetAsync(redis.Key("generation"), stamp, when: When.NotExists), ct)
            .ConfigureAwait(false);
    }
}
