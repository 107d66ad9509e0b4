using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Abaco.Testing.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Faults.Tests;

/// <summary>
/// PostgreSQL (journal, executions, logs …) goes away for longer than <c>store.retry_for</c> under a node of the
/// production profile, then comes back. Meanwhile requests that need it fail visibly (a 5xx with a reason, never
/// an acknowledgement of what was not written); afterwards every entity and store writer works again without a
/// restart of the node, and every message accepted before the outage ends COMPLETE or ERROR with a reason.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PostgresOutageSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(5);

    private ProductionSite _site = null!;

    public async Task InitializeAsync() =>
        _site = await ProductionSite.StartAsync($"abaco.store.retry_for = {RetryFor.TotalSeconds:0}s");

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact(DisplayName = "PostgreSQL down longer than store.retry_for: sends fail with a 5xx and a reason, and work again once it is back")]
    public async Task Outage_longer_than_retry_for()
    {
        using var client = new AbacoClient(_site.Node.BaseUrl);
        var actors = new List<string>();
        var accepted = new ConcurrentBag<(string Actor, string Execution)>();
        for (var i = 0; i < 2; i++)
        {
            var actor = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
            await client.WaitActorStatusAsync(actor, "READY");
            actors.Add(actor);
            accepted.Add((actor, await client.SendAsync(actor, "before the outage", "?SLEEP_SECONDS=2")));
        }

        await _site.Postgres.StopAsync();
        var outage = Stopwatch.StartNew();
        var refusals = new List<(TimeSpan Took, string Reason)>();
        // Past store.retry_for: what a user sees once the stores have given up retrying.
        while (outage.Elapsed < RetryFor * 3)
        {
            var sent = Stopwatch.StartNew();
            var answer = await client.PostFormAsync($"/actors/{actors[0]}/messages?SLEEP_SECONDS=0",
                new Dictionary<string, string> { ["message"] = "during the outage" });
            Assert.True(answer.Status != HttpStatusCode.OK,
                $"a send was acknowledged while PostgreSQL was down: {answer.Body}");
            Assert.True((int)answer.Status >= 500 && !string.IsNullOrWhiteSpace(answer.Message),
                $"a send during the outage answered {(int)answer.Status}: {answer.Body}");
            refusals.Add((sent.Elapsed, $"{(int)answer.Status} {answer.Message}"));
        }

        await _site.Postgres.StartAgainAsync();
        var back = Stopwatch.StartNew();
        foreach (var actor in actors)
        {
            var execution = await Eventually.ValueAsync(async () =>
            {
                var answer = await client.PostFormAsync($"/actors/{actor}/messages?SLEEP_SECONDS=0",
                    new Dictionary<string, string> { ["message"] = "after the outage" });
                return answer.Status == HttpStatusCode.OK ? answer.Result.GetProperty("execution_id").GetString() : null;
            }, TimeSpan.FromSeconds(90), $"actor {actor} to accept messages again");
            accepted.Add((actor, execution));
        }
        var accepting = back.Elapsed;
        foreach (var (actor, execution) in accepted)
        {
            var ended = await client.WaitFinishedAsync(actor, execution, TimeSpan.FromSeconds(120));
            if (ended.GetProperty("status").GetString() == "ERROR")
                Assert.False(string.IsNullOrWhiteSpace(ended.GetProperty("status_message").GetString()),
                    $"execution {execution} ended ERROR without a reason");
        }
        var served = back.Elapsed;
        output.WriteLine($"PostgreSQL down {outage.Elapsed.TotalSeconds - back.Elapsed.TotalSeconds:0} s " +
                         $"(store.retry_for = {RetryFor.TotalSeconds:0}s): {refusals.Count} sends refused, taking " +
                         $"{refusals.Min(r => r.Took).TotalSeconds:0.0}-{refusals.Max(r => r.Took).TotalSeconds:0.0} s, " +
                         $"e.g. \"{refusals[^1].Reason}\"; every actor accepting again {accepting.TotalSeconds:0.0} s " +
                         $"after it returned, every accepted message ended {served.TotalSeconds:0.0} s after");
    }
}
