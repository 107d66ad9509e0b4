using Abaco.Core.Sharing;
using Abaco.Stores.Sqlite;
using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

internal sealed class PgNonceTable(PostgresDatabase db) : INonceStore
{
    // A plain INSERT: re-adding an id that exists fails rather than silently resetting its use counts.
    public Task AddAsync(NonceRecord nonce, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "INSERT INTO nonces (subject_key, id, doc) VALUES (@subject, @id, @doc)",
            ("subject", nonce.SubjectKey), ("id", nonce.Id), ("doc", StoreJson.Serialize(nonce))), ct);

    public Task<NonceRecord?> GetAsync(string subjectKey, string nonceId, CancellationToken ct) =>
        db.RunAsync(async c => (await QueryAsync(c, null, "SELECT doc FROM nonces WHERE subject_key = @subject AND id = @id",
            r => StoreJson.Deserialize<NonceRecord>(r.GetString(0)),
            ("subject", subjectKey), ("id", nonceId))).FirstOrDefault(), ct);

    public Task<IReadOnlyList<NonceRecord>> ListAsync(string subjectKey, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<NonceRecord>>(async c => await QueryAsync(c, null,
            "SELECT doc FROM nonces WHERE subject_key = @subject ORDER BY seq",
            r => StoreJson.Deserialize<NonceRecord>(r.GetString(0)), ("subject", subjectKey)), ct);

    public Task<bool> DeleteAsync(string subjectKey, string nonceId, CancellationToken ct) =>
        db.RunAsync(async c => await ExecuteAsync(c, null, "DELETE FROM nonces WHERE subject_key = @subject AND id = @id",
            ("subject", subjectKey), ("id", nonceId)) > 0, ct);

    public Task DeleteForSubjectAsync(string subjectKey, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM nonces WHERE subject_key = @subject", ("subject", subjectKey)), ct);

    /// <summary>
    /// Writes the counters of a redemption decided elsewhere (Redis, in production) unless the document already
    /// records as many uses or more: redemptions may arrive out of order, and the document keeps the high-water mark.
    /// </summary>
    internal Task RecordUsesAsync(NonceRecord nonce, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "UPDATE nonces SET doc = @doc WHERE subject_key = @subject AND id = @id " +
            "AND (doc::jsonb ->> 'current_uses')::bigint < @current",
            ("doc", StoreJson.Serialize(nonce)), ("subject", nonce.SubjectKey), ("id", nonce.Id),
            ("current", (long)nonce.CurrentUses)), ct);

    // SELECT ... FOR UPDATE locks the row until commit: concurrent redemptions queue on it, each deciding on the
    // counts the previous one left. The rule itself is the SQLite backend's, so both backends decide alike.
    public Task<NonceRedemption> RedeemAsync(string subjectKey, string nonceId, DateTime now, CancellationToken ct) =>
        db.TransactAsync(async (c, t) =>
        {
            var current = (await QueryAsync(c, t,
                "SELECT doc FROM nonces WHERE subject_key = @subject AND id = @id FOR UPDATE",
                r => StoreJson.Deserialize<NonceRecord>(r.GetString(0)),
                ("subject", subjectKey), ("id", nonceId))).FirstOrDefault();
            var redemption = NonceTable.Redeem(current, now);
            if (redemption.Outcome == NonceRedemptionOutcome.Redeemed)
            {
                await ExecuteAsync(c, t, "UPDATE nonces SET doc = @doc WHERE subject_key = @subject AND id = @id",
                    ("doc", StoreJson.Serialize(redemption.Nonce)), ("subject", subjectKey), ("id", nonceId));
            }
            return redemption;
        }, ct);
}
