using System.Net;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>A node where an actor may have 2 messages waiting and an execution may store 2 results.</summary>
public sealed class SmallLimitsNodeFixture : NodeFixture
{
    public const int MaxQueued = 2;
    public const int MaxResults = 2;

    protected override string ExtraConfig => $"""
        abaco.web.max_queued_messages_per_actor = {MaxQueued}
        abaco.workers.max_results_per_execution = {MaxResults}
        """;
}

/// <summary>Nothing an actor's callers or its container send grows without bound: queued messages and results are capped.</summary>
public sealed class BoundedQueueAndResultsSpecs(SmallLimitsNodeFixture fixture) : IClassFixture<SmallLimitsNodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Fact(DisplayName = "A full queue refuses further messages with 429 and the reason, keeping nothing of them; purged, it accepts again")]
    public async Task Full_queue_refuses()
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            max_workers = 1,
            default_environment = new { ACTOR_MODE = "sleep", SLEEP_SECONDS = "60" },
        });
        var running = await _client.SendJsonAsync(id, new { seconds = 60 });
        await _client.WaitStatusAsync(id, running, ["RUNNING"]);
        for (var i = 0; i < SmallLimitsNodeFixture.MaxQueued; i++) await _client.SendAsync(id, "1");

        var refused = await _client.PostJsonAsync($"/actors/{id}/messages", new { message = "one too many" });
        var refusedBinary = await _client.PostBytesAsync($"/actors/{id}/messages", [1, 2, 3]);

        foreach (var answer in new[] { refused, refusedBinary })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
            Assert.Equal("error", answer.EnvelopeStatus);
            Assert.Equal($"The actor has {SmallLimitsNodeFixture.MaxQueued} messages waiting already " +
                         "(web.max_queued_messages_per_actor); try again later.", answer.Message);
        }
        Assert.Equal(SmallLimitsNodeFixture.MaxQueued, await _client.PendingMessagesAsync(id));
        var executions = (await _client.GetAsync($"/actors/{id}/executions")).Result;
        Assert.Equal(1 + SmallLimitsNodeFixture.MaxQueued, executions.GetProperty("total_executions").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/actors/{id}/messages")).Status);
        var accepted = await _client.PostJsonAsync($"/actors/{id}/messages", new { message = "room again" });
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/actors/{id}")).Status);
    }

    [Fact(DisplayName = "Results past workers.max_results_per_execution are dropped: the first ones are kept, in order, and the node says how many it dropped")]
    public async Task Results_capped_per_execution()
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "results" },
        });
        var executionId = await _client.SendJsonAsync(id, new { results = new[] { "r1", "r2", "r3", "r4", "r5" } });

        var execution = await _client.WaitCompleteAsync(id, executionId);

        Assert.Equal(0, execution.GetProperty("exit_code").GetInt64()); // the actor is not told: sends still succeed
        foreach (var expected in new[] { "r1", "r2" })
            Assert.Equal(expected, (await fixture.PopResultAsync(id, executionId)).Text);
        Assert.Empty((await fixture.PopResultAsync(id, executionId)).Body);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Node.Output.Contains($"{executionId} sent more results than allowed")
                                                        && fixture.Node.Output.Contains("3 dropped")),
            TimeSpan.FromSeconds(30), "the node to log the dropped results");
    }
}
