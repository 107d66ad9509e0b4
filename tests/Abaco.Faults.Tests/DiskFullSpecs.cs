using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Abaco.Testing.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Faults.Tests;

/// <summary>
/// The disk of <c>node.data_dir</c> (journal and stores of the embedded profile) fills up under a node. Sends must be
/// refused fast with a 503 that says why, instead of each waiting out the ask timeout; nothing acknowledged may be
/// lost; and the node must take messages again by itself once space returns.
/// </summary>
[Trait("Category", "Faults")]
public sealed class DiskFullSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>What "fast" means once the failure is known: well under the 30 s ask timeout.</summary>
    private static readonly TimeSpan FastRefusal = TimeSpan.FromSeconds(1);
    /// <summary>web.ask_attempt_timeout: how long the gateway waits before asking again for a send lost in the node.</summary>
    private static readonly TimeSpan OneAskAttempt = TimeSpan.FromSeconds(5);

    private TinyDisk _disk = null!;
    private AbacoNode _node = null!;

    public async Task InitializeAsync()
    {
        _disk = await TinyDisk.MountAsync(megabytes: 48);
        _node = new AbacoNode(dataDir: _disk.Path, storeConfig: "abaco.store.backend = sqlite");
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        try { await _node.DisposeAsync(); }
        finally { await _disk.DisposeAsync(); }
    }

    [Fact(DisplayName = "node.data_dir fills up: sends are refused at once with a 503 saying why, and accepted again when space returns")]
    public async Task Disk_full_refuses_fast_and_recovers()
    {
        using var client = new AbacoClient(_node.BaseUrl);
        var actor = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
        var accepted = new ConcurrentBag<string>
        {
            await client.SendAsync(actor, "before the disk fills", "?SLEEP_SECONDS=0"),
        };
        await client.WaitCompleteAsync(actor, accepted.First());

        await _disk.FillAsync();
        // The first sends find out that the journal cannot be written (they may take a write attempt to learn it).
        var firstRefusal = await Eventually.ValueAsync(async () =>
        {
            var (answer, _) = await TimedSendAsync(client, actor, accepted);
            return answer.Status == HttpStatusCode.OK ? null : answer;
        }, TimeSpan.FromSeconds(90), "a send to be refused once the disk is full");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, firstRefusal.Status);

        // Rounds of concurrent sends, as from several users: some reach the entity right after a refused write.
        var refusals = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            var sends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TimedSendAsync(client, actor, accepted)));
            foreach (var (answer, took) in sends)
            {
                refusals.Add(took);
                Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable && answer.Body.Contains("could not be written"),
                    $"a send in round {round + 1} after the disk filled answered {(int)answer.Status} in " +
                    $"{took.TotalSeconds:0.0} s: {answer.Body}");
            }
        }
        // The entity outlives a write refused for lack of space, so no send reaches it while it stops: such a send was
        // lost inside the node until the gateway asked again one ask attempt later. Typical refusals are fast; single
        // ones may wait behind the other failing writes of a loaded machine.
        var refusalTimes = string.Join(", ", refusals.Select(t => $"{t.TotalMilliseconds:0} ms"));
        Assert.True(refusals.All(t => t < OneAskAttempt), $"a send waited out an ask attempt; refusals took {refusalTimes}");
        Assert.True(Median(refusals) < FastRefusal, $"refusals took {refusalTimes}");

        var freed = Stopwatch.StartNew();
        _disk.Free();
        var back = await RecoveryTimer.UntilAsync(freed,
            async () => (await TimedSendAsync(client, actor, accepted)).Answer.Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "a send to be accepted again once space returns");

        foreach (var id in accepted) await client.WaitCompleteAsync(actor, id, TimeSpan.FromSeconds(120));
        output.WriteLine($"node.data_dir full: refusal {firstRefusal.Body}; refusals took " +
                         $"{refusalTimes}; accepted again " +
                         $"{back.TotalSeconds:0.0} s after space returned; {accepted.Count} accepted messages all COMPLETE");
    }

    private static TimeSpan Median(List<TimeSpan> durations) => durations.Order().ElementAt(durations.Count / 2);

    /// <summary>A send and how long it took to answer; an accepted one joins <paramref name="accepted"/>.</summary>
    private static async Task<(Answer Answer, TimeSpan Took)> TimedSendAsync(AbacoClient client, string actor,
        ConcurrentBag<string> accepted)
    {
        var timer = Stopwatch.StartNew();
        var answer = await client.PostFormAsync($"/actors/{actor}/messages?SLEEP_SECONDS=0",
            new Dictionary<string, string> { ["message"] = "while the disk fills" });
        if (answer.Status == HttpStatusCode.OK) accepted.Add(answer.Result.GetProperty("execution_id").GetString()!);
        return (answer, timer.Elapsed);
    }
}
