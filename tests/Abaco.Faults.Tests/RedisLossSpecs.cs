using System.Net;
using System.Text.Json;
using Abaco.Testing.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Faults.Tests;

/// <summary>
/// Redis loses its data (FLUSHALL: what a restart without persistence or a failover to an empty replica leaves)
/// under a running node and while the node is down. PostgreSQL and the journal still hold everything, so every actor
/// must be found again within seconds, with its workers, and take messages; before the rebuild existed every actor
/// answered "No actor found" for ever.
/// </summary>
[Trait("Category", "Faults")]
public sealed class RedisLossSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(30);

    private ProductionSite _site = null!;

    public async Task InitializeAsync() => _site = await ProductionSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact(DisplayName = "Redis loses its data under a running node: actors and workers are back within seconds, messages run")]
    public async Task Flush_under_a_running_node()
    {
        using var client = new AbacoClient(_site.Node.BaseUrl);
        var (actor, before) = await ActorWithOneRunAsync(client);
        var workers = await WorkerIdsAsync(client, actor);
        Assert.NotEmpty(workers);

        var lost = RecoveryTimer.Start();
        await _site.FlushRedisAsync();
        var recovered = await RecoveryTimer.UntilAsync(lost, () => IsBackAsync(client, actor), RecoveryDeadline,
            $"actor {actor} to be found and listed again after FLUSHALL");
        await Eventually.TrueAsync(async () => (await WorkerIdsAsync(client, actor)).SetEquals(workers),
            RecoveryDeadline, "the actor's live workers to be listed again");
        var workersBack = lost.Elapsed;

        await AssertServesAsync(client, actor, before);
        output.WriteLine($"Redis FLUSHALL under a running node: actor found again after {recovered.TotalSeconds:0.0} s, " +
                         $"its workers after {workersBack.TotalSeconds:0.0} s (store.redis_check_every = 2s)");
    }

    [Fact(DisplayName = "Redis loses its data while the node is down: at start the actors are rebuilt from the journal")]
    public async Task Flush_while_the_node_is_down()
    {
        using (var first = new AbacoClient(_site.Node.BaseUrl))
        {
            var (actor, before) = await ActorWithOneRunAsync(first);
            Assert.Equal(0, await _site.Node.TerminateAsync(TimeSpan.FromSeconds(60)));
            await _site.FlushRedisAsync();

            var restarted = RecoveryTimer.Start();
            await _site.Node.StartAsync();
            using var client = new AbacoClient(_site.Node.BaseUrl);
            var ready = restarted.Elapsed;
            var recovered = await RecoveryTimer.UntilAsync(restarted, () => IsBackAsync(client, actor), RecoveryDeadline,
                $"actor {actor} to be found and listed again after a start on an empty Redis");

            await AssertServesAsync(client, actor, before);
            output.WriteLine($"Redis emptied while the node was down: node ready {ready.TotalSeconds:0.0} s after its " +
                             $"start, actor found again {recovered.TotalSeconds:0.0} s after its start");
        }
    }

    /// <summary>An actor that is READY and has run one message to the end: (actor id, execution id).</summary>
    private static async Task<(string Actor, string Execution)> ActorWithOneRunAsync(AbacoClient client)
    {
        var actor = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
        await client.WaitActorStatusAsync(actor, "READY");
        var execution = await client.SendAsync(actor, "before the loss", "?SLEEP_SECONDS=0");
        await client.WaitCompleteAsync(actor, execution);
        return (actor, execution);
    }

    private static async Task<bool> IsBackAsync(AbacoClient client, string actor)
    {
        if ((await client.GetAsync($"/actors/{actor}")).Status != HttpStatusCode.OK) return false;
        var listed = await client.GetAsync("/actors");
        return listed.Status == HttpStatusCode.OK &&
               listed.Result.EnumerateArray().Any(a => a.GetProperty("id").GetString() == actor);
    }

    private static async Task<HashSet<string>> WorkerIdsAsync(AbacoClient client, string actor)
    {
        var answer = await client.GetAsync($"/actors/{actor}/workers");
        return answer.Status == HttpStatusCode.OK && answer.Result.ValueKind == JsonValueKind.Array
            ? answer.Result.EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToHashSet()
            : [];
    }

    /// <summary>The execution from before the loss is still readable, and a new message runs to COMPLETE.</summary>
    private static async Task AssertServesAsync(AbacoClient client, string actor, string before)
    {
        Assert.Equal("COMPLETE", (await client.ExecutionAsync(actor, before)).GetProperty("status").GetString());
        var after = await client.SendAsync(actor, "after the loss", "?SLEEP_SECONDS=0");
        await client.WaitCompleteAsync(actor, after);
    }
}
