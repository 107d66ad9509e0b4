using static Abaco.Stores.Postgres.PostgresDatabase;

namespace Abaco.Stores.Postgres;

/// <summary>
/// Results as rows ordered by an identity column (push order). A pop deletes the oldest unexpired row of its queue,
/// skipping rows another pop holds (SKIP LOCKED), so concurrent readers each get a different result instead of
/// colliding on the head and coming back empty while results remain.
/// </summary>
internal sealed class PgResultTable(PostgresDatabase db) : IResultStore
{
    // Results nobody reads would otherwise stay forever: each push drops every expired row first.
    public Task PushAsync(string actorDbId, string executionId, byte[] result, DateTime expiresAt, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "DELETE FROM results WHERE expires_at <= @now; " +
            "INSERT INTO results (actor_db_id, execution_id, data, expires_at) VALUES (@actor, @execution, @data, @exp)",
            ("now", Ticks(DateTime.UtcNow)), ("actor", actorDbId), ("execution", executionId), ("data", result),
            ("exp", Ticks(expiresAt))), ct);

    public Task<byte[]?> PopAsync(string actorDbId, string executionId, DateTime now, CancellationToken ct) =>
        db.RunAsync(async c =>
        {
            await ExecuteAsync(c, null,
                "DELETE FROM results WHERE actor_db_id = @actor AND execution_id = @execution AND expires_at <= @now",
                ("actor", actorDbId), ("execution", executionId), ("now", Ticks(now)));
            return (await QueryAsync(c, null,
                "DELETE FROM results WHERE seq = (SELECT seq FROM results WHERE actor_db_id = @actor " +
                "AND execution_id = @execution AND expires_at > @now ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) " +
                "RETURNING data",
                r => (byte[])r.GetValue(0), ("actor", actorDbId), ("execution", executionId), ("now", Ticks(now))))
                .FirstOrDefault();
        }, ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM results WHERE actor_db_id = @actor", ("actor", actorDbId)), ct);
}
