using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>
/// Results as rows ordered by an INTEGER PRIMARY KEY: a new row always gets a larger key than any row present,
/// so key order is push order even as the queue drains and refills.
/// </summary>
internal sealed class ResultTable(SqliteDatabase db) : IResultStore
{
    // Results nobody reads would otherwise stay forever; dropping every expired row on each push keeps the table
    // bounded by what is still readable (the expiry index makes the no-op case a single probe).
    public Task PushAsync(string actorDbId, string executionId, byte[] result, DateTime expiresAt, CancellationToken ct) =>
        db.WriteAsync((c, t) =>
        {
            Execute(c, t, "DELETE FROM results WHERE expires_at <= $now", ("$now", Time(DateTime.UtcNow)));
            Execute(c, t,
                "INSERT INTO results (actor_db_id, execution_id, data, expires_at) VALUES ($actor, $execution, $data, $exp)",
                ("$actor", actorDbId), ("$execution", executionId), ("$data", result), ("$exp", Time(expiresAt)));
        }, ct);

    public Task<byte[]?> PopAsync(string actorDbId, string executionId, DateTime now, CancellationToken ct) =>
        db.TransactAsync((c, t) =>
        {
            Execute(c, t, "DELETE FROM results WHERE actor_db_id = $actor AND execution_id = $execution AND expires_at <= $now",
                ("$actor", actorDbId), ("$execution", executionId), ("$now", Time(now)));
            return Query(c, t,
                "DELETE FROM results WHERE seq = (SELECT seq FROM results WHERE actor_db_id = $actor " +
                "AND execution_id = $execution ORDER BY seq LIMIT 1) RETURNING data",
                r => (byte[])r.GetValue(0), ("$actor", actorDbId), ("$execution", executionId)).FirstOrDefault();
        }, ct);

    public Task DeleteForActorAsync(string actorDbId, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM results WHERE actor_db_id = $actor", ("$actor", actorDbId)), ct);
}
