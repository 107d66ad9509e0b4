using System.Collections.Concurrent;
using System.Net;
using Abaco.Testing;
using Abaco.Testing.Servers;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Issue #5 item 3: a running node of the production profile rides out a restart of PostgreSQL or redis-server with
/// messages in flight. Messages the API accepted all end COMPLETE or ERROR with a reason; sends during the outage
/// may be refused (a visible 5xx), never silently dropped. Each test owns its servers, so it can stop them.
/// </summary>
[Trait("Category", "OwnServers")]
public sealed class StoreRestartSpecs : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private RedisServer _redis = null!;
    private AbacoNode _node = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _redis = await RedisServer.StartAsync();
        _node = new AbacoNode(AbacoNode.ProductionStoreConfig(await _postgres.CreateDatabaseAsync(),
            _redis.Configuration, RedisServer.UniquePrefix()) + "\nabaco.store.retry_for = 10s" +
            // The node's log (artifacts/e2e-logs) then follows every execution, should one get stuck.
            "\nabaco.logs.level = DEBUG");
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact(DisplayName = "PostgreSQL restarts under a busy node: every accepted message ends COMPLETE or ERROR with a reason")]
    public Task Postgres_restart_loses_nothing() => RestartWithMessagesInFlight(_postgres.StopAsync, _postgres.StartAgainAsync);

    [Fact(DisplayName = "redis-server restarts under a busy node: every accepted message ends COMPLETE or ERROR with a reason")]
    public Task Redis_restart_loses_nothing() => RestartWithMessagesInFlight(_redis.StopAsync, _redis.StartAgainAsync);

    private async Task RestartWithMessagesInFlight(Func<Task> stop, Func<Task> start)
    {
        using var client = new AbacoClient(_node.BaseUrl);
        var actor = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
        var accepted = new ConcurrentBag<string>();
        accepted.Add(await client.SendAsync(actor, "running through the restart", "?SLEEP_SECONDS=3"));
        await client.WaitStatusAsync(actor, accepted.First(), ["RUNNING"]);

        // A client that keeps sending through the outage, one message at a time. A send that waits on the store
        // longer than store.retry_for (10 s here) is refused; the next one is in flight when the server returns.
        var attemptsWhileDown = 0;
        var down = false;
        using var stopSending = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; !stopSending.IsCancellationRequested; i++)
            {
                if (Volatile.Read(ref down)) Interlocked.Increment(ref attemptsWhileDown);
                var answer = await client.PostFormAsync($"/actors/{actor}/messages?SLEEP_SECONDS=0",
                    new Dictionary<string, string> { ["message"] = $"in flight {i}" });
                if (answer.Status == HttpStatusCode.OK) accepted.Add(answer.Result.GetProperty("execution_id").GetString()!);
                else Assert.True((int)answer.Status >= 500, $"a send during the outage answered {answer.Status}: {answer.Body}");
                await Task.Delay(50); // pacing of the load, not a synchronisation
            }
        });

        await Eventually.TrueAsync(() => Task.FromResult(accepted.Count >= 5), TimeSpan.FromSeconds(60),
            "a few messages to be accepted before the restart");
        await stop();
        Volatile.Write(ref down, true);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref attemptsWhileDown) >= 2),
            TimeSpan.FromSeconds(120), "a second send to start while the server is down");
        await start();
        Volatile.Write(ref down, false);
        var acceptedAtRestart = accepted.Count;
        await Eventually.TrueAsync(() => Task.FromResult(accepted.Count >= acceptedAtRestart + 5), TimeSpan.FromSeconds(120),
            "messages to be accepted again after the restart");
        await stopSending.CancelAsync();
        await sender;

        foreach (var id in accepted)
        {
            var execution = await client.WaitFinishedAsync(actor, id, TimeSpan.FromSeconds(180));
            if (execution.GetProperty("status").GetString() == "ERROR")
                Assert.False(string.IsNullOrWhiteSpace(execution.GetProperty("status_message").GetString()),
                    $"execution {id} ended ERROR without a reason");
        }
        var listed = (await client.GetAsync($"/actors/{actor}/executions")).Result.GetProperty("executions")
            .EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToHashSet();
        Assert.Subset(accepted.ToHashSet(), listed);
        var last = await client.SendAsync(actor, "after the restart", "?SLEEP_SECONDS=0");
        await client.WaitCompleteAsync(actor, last);
    }
}
