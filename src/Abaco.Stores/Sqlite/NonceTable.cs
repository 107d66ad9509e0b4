using Abaco.Core.Sharing;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

internal sealed class NonceTable(SqliteDatabase db) : INonceStore
{
    // A plain INSERT: re-adding an id that exists fails rather than silently resetting its use counts.
    public Task AddAsync(NonceRecord nonce, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "INSERT INTO nonces (subject_key, id, doc) VALUES ($subject, $id, $doc)",
            ("$subject", nonce.SubjectKey), ("$id", nonce.Id), ("$doc", StoreJson.Serialize(nonce))), ct);

    public Task<NonceRecord?> GetAsync(string subjectKey, string nonceId, CancellationToken ct) =>
        db.ReadAsync(c => Query(c, "SELECT doc FROM nonces WHERE subject_key = $subject AND id = $id",
            r => StoreJson.Deserialize<NonceRecord>(r.GetString(0)),
            ("$subject", subjectKey), ("$id", nonceId)).FirstOrDefault(), ct);

    public Task<IReadOnlyList<NonceRecord>> ListAsync(string subjectKey, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<NonceRecord>>(c => Query(c,
            "SELECT doc FROM nonces WHERE subject_key = $subject ORDER BY rowid",
            r => StoreJson.Deserialize<NonceRecord>(r.GetString(0)), ("$subject", subjectKey)), ct);

    public Task<bool> DeleteAsync(string subjectKey, string nonceId, CancellationToken ct) =>
        db.TransactAsync((c, t) => Execute(c, t, "DELETE FROM nonces WHERE subject_key = $subject AND id = $id",
            ("$subject", subjectKey), ("$id", nonceId)) > 0, ct);

    public Task DeleteForSubjectAsync(string subjectKey, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM nonces WHERE subject_key = $subject",
            ("$subject", subjectKey)), ct);

    // Read, decide and write inside one write transaction (BEGIN IMMEDIATE, so other processes on the file wait
    // too): no redemption can slip in between the check and the decrement.
    public Task<NonceRedemption> RedeemAsync(string subjectKey, string nonceId, DateTime now, CancellationToken ct) =>
        db.TransactAsync((c, t) =>
        {
            var current = Query(c, t, "SELECT doc FROM nonces WHERE subject_key = $subject AND id = $id",
                r => StoreJson.Deserialize<NonceRecord>(r.GetString(0)),
                ("$subject", subjectKey), ("$id", nonceId)).FirstOrDefault();
            var redemption = Redeem(current, now);
            if (redemption.Outcome == NonceRedemptionOutcome.Redeemed)
            {
                Execute(c, t, "UPDATE nonces SET doc = $doc WHERE subject_key = $subject AND id = $id",
                    ("$doc", StoreJson.Serialize(redemption.Nonce)), ("$subject", subjectKey), ("$id", nonceId));
            }
            return redemption;
        }, ct);

    /// <summary>The redemption rule (original-abaco.md §3.17), apart from storage.</summary>
    internal static NonceRedemption Redeem(NonceRecord? nonce, DateTime now) => nonce switch
    {
        null => new(NonceRedemptionOutcome.NotFound, null),
        { RemainingUses: -1 } => new(NonceRedemptionOutcome.Redeemed,
            nonce with { CurrentUses = nonce.CurrentUses + 1, LastUseTime = now }),
        { RemainingUses: > 0 } => new(NonceRedemptionOutcome.Redeemed,
            nonce with { CurrentUses = nonce.CurrentUses + 1, RemainingUses = nonce.RemainingUses - 1, LastUseTime = now }),
        _ => new(NonceRedemptionOutcome.NoUsesLeft, nonce),
    };
}
