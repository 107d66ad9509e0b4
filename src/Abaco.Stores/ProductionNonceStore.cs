using Abaco.Core.Sharing;
using Abaco.Stores.Postgres;
using Abaco.Stores.Redis;

namespace Abaco.Stores;

/// <summary>
/// Nonces of the production backend, split as the original's design splits state: the documents (subject, owner,
/// level, max uses ...) in PostgreSQL, the use counters in Redis where one script redeems atomically across nodes.
/// After each redemption the document records the counters too, never moving them backwards, so that a Redis that
/// lost its data re-seeds from the uses already spent rather than from the start.
/// </summary>
internal sealed class ProductionNonceStore(PgNonceTable documents, RedisNonceUses uses) : INonceStore
{
    public async Task AddAsync(NonceRecord nonce, CancellationToken ct)
    {
        await documents.AddAsync(nonce, ct).ConfigureAwait(false); // throws on an existing id, before touching Redis
        await uses.SeedAsync(nonce, ct).ConfigureAwait(false);
    }

    public async Task<NonceRecord?> GetAsync(string subjectKey, string nonceId, CancellationToken ct) =>
        await documents.GetAsync(subjectKey, nonceId, ct).ConfigureAwait(false) is { } document
            ? (await uses.CurrentAsync([document], ct).ConfigureAwait(false))[0]
            : null;

    public async Task<IReadOnlyList<NonceRecord>> ListAsync(string subjectKey, CancellationToken ct) =>
        await uses.CurrentAsync(await documents.ListAsync(subjectKey, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    public async Task<bool> DeleteAsync(string subjectKey, string nonceId, CancellationToken ct)
    {
        var existed = await documents.DeleteAsync(subjectKey, nonceId, ct).ConfigureAwait(false);
        await uses.DeleteAsync(subjectKey, [nonceId], ct).ConfigureAwait(false);
        return existed;
    }

    public async Task DeleteForSubjectAsync(string subjectKey, CancellationToken ct)
    {
        var ids = (await documents.ListAsync(subjectKey, ct).ConfigureAwait(false)).Select(n => n.Id).ToList();
        await documents.DeleteForSubjectAsync(subjectKey, ct).ConfigureAwait(false);
        await uses.DeleteAsync(subjectKey, ids, ct).ConfigureAwait(false);
    }

    // The document is read first: a nonce deleted from PostgreSQL is gone even if its counters linger in Redis.
    public async Task<NonceRedemption> RedeemAsync(string subjectKey, string nonceId, DateTime now, CancellationToken ct)
    {
        var document = await documents.GetAsync(subjectKey, nonceId, ct).ConfigureAwait(false);
        if (document is null) return new NonceRedemption(NonceRedemptionOutcome.NotFound, null);
        var redemption = await uses.RedeemAsync(document, now, ct).ConfigureAwait(false);
        if (redemption.Outcome == NonceRedemptionOutcome.Redeemed)
            await documents.RecordUsesAsync(redemption.Nonce!, ct).ConfigureAwait(false);
        return redemption;
    }
}
