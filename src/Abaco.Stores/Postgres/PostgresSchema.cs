namespace Abaco.Stores.Postgres;

/// <summary>
/// The schema as an ordered list of migrations, applied at start in one transaction under an advisory lock, so two
/// nodes starting together neither race nor half-apply. Append new versions; never edit a released one.
/// </summary>
public static class PostgresSchema
{
    // Any constant unique to Abaco: the transaction-scoped lock every starting node queues on.
    private const long MigrationLock = 0x4162_6163_6f53_7431; // "AbacoSt1"

    // Instants that are compared or ordered are bigint UTC ticks (see PostgresDatabase.Ticks); seq columns give
    // insertion order (what SQLite's rowid gives), which an upsert keeps and a re-insert after a delete renews.
    internal static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE actors (db_id text PRIMARY KEY, tenant text NOT NULL, doc text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX actors_tenant ON actors (tenant, seq);
            CREATE TABLE actor_registrations (db_id text PRIMARY KEY);
            CREATE TABLE executions (actor_db_id text NOT NULL, id text NOT NULL, tenant text NOT NULL,
                received bigint NOT NULL, doc text NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (actor_db_id, id));
            CREATE INDEX executions_received ON executions (actor_db_id, received, seq);
            CREATE INDEX executions_tenant ON executions (tenant, received, seq);
            CREATE TABLE logs (execution_id text PRIMARY KEY, actor_db_id text NOT NULL, tenant text NOT NULL,
                logs text NOT NULL, expires_at bigint, seq bigint GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX logs_actor ON logs (actor_db_id);
            CREATE INDEX logs_tenant ON logs (tenant, seq);
            CREATE INDEX logs_expiry ON logs (expires_at) WHERE expires_at IS NOT NULL;
            CREATE TABLE workers (actor_db_id text NOT NULL, id text NOT NULL, host_id text NOT NULL,
                doc text NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (actor_db_id, id));
            CREATE INDEX workers_host ON workers (host_id);
            CREATE TABLE permissions (scope text NOT NULL, object_id text NOT NULL, user_name text NOT NULL,
                level text NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (scope, object_id, user_name));
            CREATE INDEX permissions_object ON permissions (scope, object_id, seq);
            CREATE INDEX permissions_user ON permissions (scope, user_name);
            CREATE TABLE nonces (subject_key text NOT NULL, id text NOT NULL, doc text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (subject_key, id));
            CREATE TABLE aliases (tenant text NOT NULL, alias text NOT NULL, actor_id text NOT NULL, doc text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (tenant, alias));
            CREATE INDEX aliases_actor ON aliases (tenant, actor_id);
            CREATE TABLE actor_configs (tenant text NOT NULL, name text NOT NULL, doc text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (tenant, name));
            CREATE TABLE results (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, actor_db_id text NOT NULL,
                execution_id text NOT NULL, data bytea NOT NULL, expires_at bigint NOT NULL);
            CREATE INDEX results_queue ON results (actor_db_id, execution_id, seq);
            CREATE INDEX results_expiry ON results (expires_at);
            """),
        (2, """
            CREATE TABLE clients (actor_db_id text NOT NULL, worker_id text NOT NULL, doc text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (actor_db_id, worker_id));
            """),
        // Configs bound to actors: each item of a stored config's `actors` becomes a target, the actor an alias of
        // that name points at now, else the item as an actor id (a name that is neither never matches an actor).
        (3, """
            UPDATE actor_configs c SET doc = jsonb_set(c.doc::jsonb, '{targets}', coalesce((
                SELECT jsonb_agg(jsonb_build_object('identifier', i.item,
                    'actor_db_id', c.tenant || '_' || coalesce(a.actor_id, i.item)) ORDER BY i.ord)
                FROM (SELECT btrim(raw) AS item, ord
                      FROM unnest(string_to_array(c.doc::jsonb->>'actors', ',')) WITH ORDINALITY AS u(raw, ord)) i
                LEFT JOIN aliases a ON a.tenant = c.tenant AND a.alias = i.item
                WHERE i.item <> ''), '[]'::jsonb))::text
            WHERE NOT (c.doc::jsonb ? 'targets');
            """),
        (4, """
            CREATE TABLE message_bodies (id text PRIMARY KEY, actor_db_id text NOT NULL, length bigint NOT NULL,
                sha256 text NOT NULL, complete boolean NOT NULL, created_at bigint NOT NULL);
            CREATE INDEX message_bodies_actor ON message_bodies (actor_db_id);
            CREATE TABLE message_body_chunks (body_id text NOT NULL, idx int NOT NULL, data bytea NOT NULL,
                PRIMARY KEY (body_id, idx));
            """),
    ];

    /// <summary>Every schema version, in order: what <c>schema_migrations</c> holds once a database is current.</summary>
    public static IReadOnlyList<int> Versions => Migrations.Select(m => m.Version).Order().ToList();

    /// <summary>Applies the migrations the database lacks; returns the versions applied (empty when up to date).</summary>
    internal static async Task<IReadOnlyList<int>> MigrateAsync(PostgresDatabase db, CancellationToken ct) =>
        await db.TransactAsync<IReadOnlyList<int>>(async (c, t) =>
        {
            await PostgresDatabase.ExecuteAsync(c, t, "SELECT pg_advisory_xact_lock(@lock)", ("lock", MigrationLock));
            await PostgresDatabase.ExecuteAsync(c, t,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, " +
                "applied_at timestamptz NOT NULL DEFAULT now())");
            var done = (await PostgresDatabase.QueryAsync(c, t, "SELECT version FROM schema_migrations",
                r => r.GetInt32(0))).ToHashSet();
            var applied = new List<int>();
            foreach (var (version, sql) in Migrations.OrderBy(m => m.Version))
            {
                if (done.Contains(version)) continue;
                await PostgresDatabase.ExecuteAsync(c, t, sql);
                await PostgresDatabase.ExecuteAsync(c, t, "INSERT INTO schema_migrations (version) VALUES (@v)", ("v", version));
                applied.Add(version);
            }
            return applied;
        }, ct);

}
