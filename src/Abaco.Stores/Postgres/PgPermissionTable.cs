using Abaco.Core.Permissions;
using static Abaco.Stores.Postgres.PostgresDatabase;
using static Abaco.Stores.PermissionWords;

namespace Abaco.Stores.Postgres;

/// <summary>
/// One row per (object, user), ordered by its identity column: a first grant inserts (a larger seq than any row
/// present), a re-grant updates the level in place and keeps the seq, so seq order is first-grant order — and,
/// unlike a MAX(ordinal)+1, it stays correct when two grants on one object race.
/// </summary>
internal sealed class PgPermissionTable(PostgresDatabase db) : IPermissionStore
{
    public Task<IReadOnlyList<PermissionEntry>?> GetAsync(PermissionScope scope, string objectId, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<PermissionEntry>?>(async c =>
        {
            var entries = await QueryAsync(c, null,
                "SELECT user_name, level FROM permissions WHERE scope = @scope AND object_id = @object ORDER BY seq",
                r => new PermissionEntry(r.GetString(0), Level(r.GetString(1))),
                ("scope", Scope(scope)), ("object", objectId));
            return entries.Count == 0 ? null : entries;
        }, ct);

    public Task SetAsync(PermissionScope scope, string objectId, string user, PermissionLevel level, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null,
            "INSERT INTO permissions (scope, object_id, user_name, level) VALUES (@scope, @object, @user, @level) " +
            "ON CONFLICT (scope, object_id, user_name) DO UPDATE SET level = excluded.level",
            ("scope", Scope(scope)), ("object", objectId), ("user", user), ("level", PermissionLevels.Text(level))), ct);

    public Task DeleteAsync(PermissionScope scope, string objectId, CancellationToken ct) =>
        db.RunAsync(c => ExecuteAsync(c, null, "DELETE FROM permissions WHERE scope = @scope AND object_id = @object",
            ("scope", Scope(scope)), ("object", objectId)), ct);

    public Task<IReadOnlyList<string>> ObjectsWithEntryForAsync(PermissionScope scope, string user, CancellationToken ct) =>
        db.RunAsync<IReadOnlyList<string>>(async c => await QueryAsync(c, null,
            "SELECT object_id FROM permissions WHERE scope = @scope AND user_name = @user ORDER BY seq",
            r => r.GetString(0), ("scope", Scope(scope)), ("user", user)), ct);
}
