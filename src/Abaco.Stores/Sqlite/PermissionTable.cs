using Abaco.Core.Permissions;
using static Abaco.Stores.Sqlite.SqliteDatabase;
using static Abaco.Stores.PermissionWords;

namespace Abaco.Stores.Sqlite;

/// <summary>
/// One row per (object, user). The authorization scan depends on first-grant order, so each row carries an explicit
/// ordinal fixed at its first grant; re-granting changes only the level.
/// </summary>
internal sealed class PermissionTable(SqliteDatabase db) : IPermissionStore
{
    public Task<IReadOnlyList<PermissionEntry>?> GetAsync(PermissionScope scope, string objectId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PermissionEntry>?>(c =>
        {
            var entries = Query(c,
                "SELECT user_name, level FROM permissions WHERE scope = $scope AND object_id = $object ORDER BY ordinal",
                r => new PermissionEntry(r.GetString(0), Level(r.GetString(1))),
                ("$scope", Scope(scope)), ("$object", objectId));
            return entries.Count == 0 ? null : entries;
        }, ct);

    public Task SetAsync(PermissionScope scope, string objectId, string user, PermissionLevel level, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t,
            "INSERT INTO permissions (scope, object_id, user_name, level, ordinal) VALUES ($scope, $object, $user, $level, " +
            "(SELECT COALESCE(MAX(ordinal) + 1, 0) FROM permissions WHERE scope = $scope AND object_id = $object)) " +
            "ON CONFLICT (scope, object_id, user_name) DO UPDATE SET level = excluded.level",
            ("$scope", Scope(scope)), ("$object", objectId), ("$user", user), ("$level", PermissionLevels.Text(level))), ct);

    public Task DeleteAsync(PermissionScope scope, string objectId, CancellationToken ct) =>
        db.WriteAsync((c, t) => Execute(c, t, "DELETE FROM permissions WHERE scope = $scope AND object_id = $object",
            ("$scope", Scope(scope)), ("$object", objectId)), ct);

    public Task<IReadOnlyList<string>> ObjectsWithEntryForAsync(PermissionScope scope, string user, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<string>>(c => Query(c,
            "SELECT object_id FROM permissions WHERE scope = $scope AND user_name = $user ORDER BY rowid",
            r => r.GetString(0), ("$scope", Scope(scope)), ("$user", user)), ct);
}
