using Abaco.Core.Executions;
using Abaco.Core.Actors;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Stores.Sqlite;
using Abaco.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Abaco.Stores.Tests;

/// <summary>The single batching writer: concurrency, durability on await, shutdown and reopening.</summary>
public sealed class SqliteDatabaseSpecs : IAsyncLifetime
{
    private readonly TempStores _temp = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact(DisplayName = "2,000 concurrent upserts all land, and each is readable as soon as its task completes")]
    public async Task Concurrent_writes_land_and_complete_after_commit()
    {
        var stores = _temp.Open();
        var notVisible = 0;

        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => Task.Run(async () =>
        {
            var actor = Samples.Actor($"T{i % 7}", $"a{i}");
            await stores.Actors.UpsertAsync(actor);
            // Reads use their own connections: an uncommitted row would be invisible here.
            if (await stores.Actors.GetAsync(actor.DbId) is null) Interlocked.Increment(ref notVisible);
        })));

        Assert.Equal(0, notVisible);
        Assert.Equal(2_000, (await stores.Actors.ListAllAsync()).Count);
        Assert.Equal(Enumerable.Range(0, 2_000).Count(i => i % 7 == 3), (await stores.Actors.ListAsync("T3")).Count);
    }

    [Fact(DisplayName = "Concurrent writes to every store interleave without losing any")]
    public async Task Concurrent_writes_across_stores()
    {
        var stores = _temp.Open();

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            await stores.Executions.UpsertAsync(Samples.Execution("DEV", "a1", $"e{i}", Samples.T0.AddMilliseconds(i)));
            await stores.Logs.SetAsync($"e{i}", "DEV_a1", "DEV", $"logs {i}", null);
            await stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", $"w{i}", $"host-{i % 3}"));
        })));

        var executions = await stores.Executions.ListAsync("DEV_a1");
        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"e{i}"), executions.Select(e => e.Id));
        Assert.Equal("logs 399", await stores.Logs.GetAsync("e399"));
        Assert.Equal(400, (await stores.Workers.ListAsync("DEV_a1")).Count);
    }

    [Fact(DisplayName = "A write that fails faults only its own task; the writes queued around it commit")]
    public async Task Failing_write_is_isolated()
    {
        var stores = _temp.Open();
        // A null tenant violates actors.tenant NOT NULL: the only way to make a write fail through the public API.
        var bad = Samples.Actor("DEV", "bad") with { Tenant = null! };

        var writes = Enumerable.Range(0, 300)
            .Select(i => i == 150 ? stores.Actors.UpsertAsync(bad) : stores.Actors.UpsertAsync(Samples.Actor("DEV", $"a{i}")))
            .ToList();
        var failed = writes[150];
        writes.RemoveAt(150);

        await Assert.ThrowsAnyAsync<Exception>(() => failed);
        await Task.WhenAll(writes);
        Assert.Equal(299, (await stores.Actors.ListAsync("DEV")).Count);
        Assert.Null(await stores.Actors.GetAsync("_bad"));

        await stores.Actors.UpsertAsync(Samples.Actor("DEV", "after"));
        Assert.NotNull(await stores.Actors.GetAsync("DEV_after"));
    }

    [Fact(DisplayName = "Execution upserts around a failing write commit, batch after batch, and an ended execution never goes back to SUBMITTED")]
    public async Task Repeated_execution_upserts_around_a_failure()
    {
        var stores = _temp.Open();
        var bad = Samples.Actor("DEV", "bad") with { Tenant = null! };
        var submitted = Enumerable.Range(0, 300).Select(i => Samples.Execution("DEV", "a1", $"e{i}", Samples.T0.AddMilliseconds(i))).ToList();

        var writes = submitted.Select(e => stores.Executions.UpsertAsync(e)).ToList();
        var failed = stores.Actors.UpsertAsync(bad);
        writes.AddRange(submitted.Select(e => stores.Executions.UpsertAsync(e with { Status = ExecutionStatus.Complete })));
        // A late SUBMITTED (a rewrite after recovery) must not undo COMPLETE.
        writes.AddRange(submitted.Take(10).Select(e => stores.Executions.UpsertAsync(e)));

        await Assert.ThrowsAnyAsync<Exception>(() => failed);
        await Task.WhenAll(writes);
        var stored = await stores.Executions.ListAsync("DEV_a1");
        Assert.Equal(submitted.Select(e => e.Id), stored.Select(e => e.Id));
        Assert.All(stored, e => Assert.Equal(ExecutionStatus.Complete, e.Status));
    }

    [Fact(DisplayName = "Disposing completes the writes already queued; later writes fail with ObjectDisposedException")]
    public async Task Dispose_drains_then_rejects()
    {
        var stores = _temp.Open();
        var queued = Enumerable.Range(0, 500).Select(i => stores.Actors.UpsertAsync(Samples.Actor("DEV", $"a{i}"))).ToList();

        await stores.DisposeAsync();

        Assert.All(queued, write => Assert.True(write.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Actors.UpsertAsync(Samples.Actor("DEV", "late")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Logs.SetAsync("e1", "DEV_a1", "DEV", "x", null));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Workers.DeleteForHostAsync("host-1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Nonces.RedeemAsync("DEV_a1", "n1", DateTime.UtcNow));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Aliases.AddAsync(StoreSamples.Alias("DEV", "x", "a1")));

        var reopened = _temp.Open();
        Assert.Equal(500, (await reopened.Actors.ListAsync("DEV")).Count);
        Assert.Null(await reopened.Actors.GetAsync("DEV_late"));
    }

    [Fact(DisplayName = "Everything written survives closing and reopening the same file")]
    public async Task Data_survives_reopening()
    {
        var actor = StoreSamples.FullActor();
        var execution = StoreSamples.FinishedExecution();
        var worker = Samples.Worker(actor.Tenant, actor.Id, "w1", "host-1");
        var stores = _temp.Open();
        await stores.Actors.UpsertAsync(actor);
        await stores.Executions.UpsertAsync(execution);
        await stores.Logs.SetAsync(execution.Id, actor.DbId, actor.Tenant, "the logs", DateTime.UtcNow.AddDays(1));
        await stores.Workers.UpsertAsync(worker);
        await stores.DisposeAsync();

        var reopened = _temp.Open();

        DeepAssert.Equal(actor, await reopened.Actors.GetAsync(actor.DbId));
        DeepAssert.Equal(execution, await reopened.Executions.GetAsync(execution.ActorDbId, execution.Id));
        Assert.Equal("the logs", await reopened.Logs.GetAsync(execution.Id));
        DeepAssert.Equal(worker, await reopened.Workers.GetAsync(worker.ActorDbId, "w1"));
        Assert.Equal(1, await reopened.Workers.DeleteForHostAsync("host-1"));
    }

    [Fact(DisplayName = "Two store instances on one file see each other's committed writes")]
    public async Task Two_instances_share_the_file()
    {
        var first = _temp.Open();
        var second = _temp.Open();

        await first.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));
        await second.Actors.UpsertAsync(Samples.Actor("DEV", "a2"));

        Assert.NotNull(await second.Actors.GetAsync("DEV_a1"));
        Assert.NotNull(await first.Actors.GetAsync("DEV_a2"));
    }

    [Fact(DisplayName = "A read connection the pool hands out again keeps its settings (busy timeout, synchronous, foreign keys)")]
    public async Task Pooled_read_connections_keep_their_settings()
    {
        await using var database = new SqliteDatabase(_temp.Path);
        object? firstHandle = null;
        for (var i = 0; i < 3; i++)
        {
            using var connection = database.Open();
            // The settings are applied once per pooled handle, so the reuse is what this spec is about.
            firstHandle ??= connection.Handle;
            Assert.Same(firstHandle, connection.Handle);
            Assert.Equal(30_000L, Pragma(connection, "busy_timeout"));
            Assert.Equal(1L, Pragma(connection, "synchronous")); // NORMAL
            Assert.Equal(0L, Pragma(connection, "foreign_keys"));
        }
    }

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)command.ExecuteScalar()!;
    }

    [Fact(DisplayName = "The database file is created with its directory")]
    public void Creates_the_file()
    {
        _temp.Open();

        Assert.True(File.Exists(_temp.Path));
    }

    [Fact(DisplayName = "An upsert's status is what a later read returns, never an older one (writes apply in order)")]
    public async Task Writes_apply_in_order()
    {
        var stores = _temp.Open();
        var actor = Samples.Actor("DEV", "a1");
        string[] statuses = [ActorStatus.Submitted, ActorStatus.Ready, ActorStatus.Error, ActorStatus.ShuttingDown];

        var writes = Enumerable.Range(0, 200)
            .Select(i => stores.Actors.UpsertAsync(actor with { Revision = i, Status = statuses[i % statuses.Length] }))
            .ToList();
        await Task.WhenAll(writes);

        var back = await stores.Actors.GetAsync("DEV_a1");
        Assert.Equal(199, back!.Revision);
        Assert.Equal(statuses[199 % statuses.Length], back.Status);
    }

    [Fact(DisplayName = "Permissions, nonces, aliases, configs and queued results survive closing and reopening the file")]
    public async Task Sharing_data_survives_reopening()
    {
        var nonce = StoreSamples.ActorNonce("DEV", "a1", "n1", maxUses: 3);
        var alias = StoreSamples.Alias("DEV", "hello", "a1");
        var config = StoreSamples.Config("DEV", "key", "ciphertext", isSecret: true);
        var usedAt = Samples.T0.AddDays(2);
        var stores = _temp.Open();
        await stores.Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "jdoe", PermissionLevel.Update);
        await stores.Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "bob", PermissionLevel.Read);
        await stores.Nonces.AddAsync(nonce);
        await stores.Nonces.RedeemAsync("DEV_a1", "n1", usedAt);
        await stores.Aliases.AddAsync(alias);
        await stores.Configs.AddAsync(config);
        await stores.Results.PushAsync("DEV_a1", "e1", [1, 2, 3], DateTime.UtcNow.AddMinutes(20));
        await stores.Results.PushAsync("DEV_a1", "e1", [4], DateTime.UtcNow.AddMinutes(20));
        await stores.DisposeAsync();

        var reopened = _temp.Open();

        Assert.Equal(
            [new PermissionEntry("jdoe", PermissionLevel.Update), new PermissionEntry("bob", PermissionLevel.Read)],
            await reopened.Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"));
        await reopened.Permissions.SetAsync(PermissionScope.Actor, "DEV_a1", "carol", PermissionLevel.Read);
        Assert.Equal("carol", (await reopened.Permissions.GetAsync(PermissionScope.Actor, "DEV_a1"))![2].User);
        DeepAssert.Equal(nonce with { CurrentUses = 1, RemainingUses = 2, LastUseTime = usedAt }, await reopened.Nonces.GetAsync("DEV_a1", "n1"));
        Assert.False(await reopened.Aliases.AddAsync(alias));
        DeepAssert.Equal(alias, await reopened.Aliases.GetAsync("DEV", "hello"));
        DeepAssert.Equal(config, await reopened.Configs.GetAsync("DEV", "key"));
        Assert.Equal(new byte[] { 1, 2, 3 }, await reopened.Results.PopAsync("DEV_a1", "e1", DateTime.UtcNow));
        Assert.Equal(new byte[] { 4 }, await reopened.Results.PopAsync("DEV_a1", "e1", DateTime.UtcNow));
    }

    [Fact(DisplayName = "A file written before the sharing stores existed opens with its data intact and gains the new stores")]
    public async Task Older_file_is_upgraded()
    {
        // The schema as it was before permissions, nonces, aliases, configs and results.
        const string olderSchema = """
            CREATE TABLE actors (db_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX actors_tenant ON actors (tenant);
            CREATE TABLE executions (actor_db_id TEXT NOT NULL, id TEXT NOT NULL, received TEXT NOT NULL,
                doc TEXT NOT NULL, PRIMARY KEY (actor_db_id, id));
            CREATE INDEX executions_received ON executions (actor_db_id, received);
            CREATE TABLE logs (execution_id TEXT PRIMARY KEY, actor_db_id TEXT NOT NULL, tenant TEXT NOT NULL,
                logs TEXT NOT NULL, expires_at TEXT);
            CREATE INDEX logs_actor ON logs (actor_db_id);
            CREATE TABLE workers (actor_db_id TEXT NOT NULL, id TEXT NOT NULL, host_id TEXT NOT NULL,
                doc TEXT NOT NULL, PRIMARY KEY (actor_db_id, id));
            CREATE INDEX workers_host ON workers (host_id);
            """;
        var execution = StoreSamples.FinishedExecution();
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.Path)!);
        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            SqliteDatabase.Execute(connection, null, olderSchema);
            SqliteDatabase.Execute(connection, null,
                "INSERT INTO executions (actor_db_id, id, received, doc) VALUES ($actor, $id, $received, $doc)",
                ("$actor", execution.ActorDbId), ("$id", execution.Id), ("$received", SqliteDatabase.Time(execution.MessageReceivedTime)),
                ("$doc", StoreJson.Serialize(execution)));
            SqliteDatabase.Execute(connection, null,
                "INSERT INTO logs (execution_id, actor_db_id, tenant, logs) VALUES ('e1', 'DEV_a1', 'DEV', 'old logs')");
        }

        var stores = _temp.Open();

        DeepAssert.Equal(execution, Assert.Single(await stores.Executions.ListByTenantAsync(execution.Tenant)));
        Assert.Equal([new StoredLog("e1", "DEV_a1", "DEV", "old logs")], await stores.Logs.ListByTenantAsync("DEV"));
        Assert.True(await stores.Aliases.AddAsync(StoreSamples.Alias("DEV", "hello", "a1")));
        await stores.Permissions.SetAsync(PermissionScope.Alias, "DEV_hello", "jdoe", PermissionLevel.Update);
        Assert.NotNull(await stores.Permissions.GetAsync(PermissionScope.Alias, "DEV_hello"));
    }
}
