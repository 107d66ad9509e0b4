using Microsoft.Data.Sqlite;
using static Abaco.Stores.Sqlite.SqliteDatabase;

namespace Abaco.Stores.Sqlite;

/// <summary>The SQLite side of <see cref="ConfigTargetMigration"/>.</summary>
internal static class ConfigBinding
{
    /// <summary>Binds the configs an earlier version wrote (see <see cref="ConfigTargetMigration"/>); once, at open.</summary>
    internal static void BindUnbound(SqliteConnection connection)
    {
        var unbound = Query(connection, "SELECT tenant, name, doc FROM actor_configs",
                r => (Tenant: r.GetString(0), Name: r.GetString(1), Doc: r.GetString(2)))
            .Where(row => ConfigTargetMigration.IsUnbound(row.Doc)).ToList();
        if (unbound.Count == 0) return;
        using var transaction = connection.BeginTransaction();
        foreach (var (tenant, name, doc) in unbound)
        {
            var bound = ConfigTargetMigration.Bind(doc, (t, alias) => Query(connection, transaction,
                "SELECT actor_id FROM aliases WHERE tenant = $tenant AND alias = $alias",
                r => r.GetString(0), ("$tenant", t), ("$alias", alias)).FirstOrDefault());
            Execute(connection, transaction, "UPDATE actor_configs SET doc = $doc WHERE tenant = $tenant AND name = $name",
                ("$tenant", tenant), ("$name", name), ("$doc", bound));
        }
        transaction.Commit();
    }
}
