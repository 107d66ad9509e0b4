using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Issue #2 item 6: kill -9 the node with messages queued and one running, start it again: every accepted
/// message runs or is visibly marked ERROR with a reason; none disappears.
/// </summary>
public sealed class DurabilitySpecs
{
    [Fact(DisplayName = "After kill -9 every accepted message runs or is ERROR with a reason, and no container is left")]
    public async Task Kill_minus_nine_loses_nothing()
    {
        await using var node = await AbacoNode.StartAsync();
        string sleeper, busy, running;
        var queued = new List<string>();
        var burst = new List<string>();
        using (var client = new AbacoClient(node.BaseUrl))
        {
            sleeper = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
            running = await client.SendAsync(sleeper, "long", "?SLEEP_SECONDS=600");
            for (var i = 0; i < 3; i++) queued.Add(await client.SendAsync(sleeper, $"short {i}", "?SLEEP_SECONDS=0"));
            await client.WaitStatusAsync(sleeper, running, ["RUNNING"]);

            // A burst of concurrent sends to a second actor, acknowledged just before the kill. Twenty messages are
            // more events than test.hocon's snapshot_every, so recovery also goes through a snapshot and the
            // journal's deletion of the events before it.
            busy = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
            burst.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.SendAsync(busy, $"burst {i}"))));
        }
        Assert.NotEmpty(await Docker.ContainerIdsAsync($"abaco.execution_id={running}"));

        await node.KillAsync();
        await node.StartAsync();

        using (var client = new AbacoClient(node.BaseUrl))
        {
            var interrupted = await client.WaitFinishedAsync(sleeper, running);
            Assert.Equal("ERROR", interrupted.GetProperty("status").GetString());
            Assert.Contains("interrupted", interrupted.GetProperty("status_message").GetString());

            foreach (var id in queued)
                await client.WaitCompleteAsync(sleeper, id);
            // The burst actor may itself have had one container running at the kill: that one, and only that one,
            // is interrupted; every other message of the burst runs.
            var interruptedInBurst = 0;
            foreach (var id in burst)
            {
                var execution = await client.WaitFinishedAsync(busy, id);
                if (execution.GetProperty("status").GetString() == "ERROR")
                {
                    Assert.Contains("interrupted", execution.GetProperty("status_message").GetString());
                    interruptedInBurst++;
                    continue;
                }
                Assert.Contains($"Contents of MSG: burst {burst.IndexOf(id)}", await client.LogsAsync(busy, id));
            }
            Assert.InRange(interruptedInBurst, 0, 1);
            var summary = (await client.GetAsync($"/actors/{busy}/executions")).Result;
            Assert.Equal(burst.Count, summary.GetProperty("total_executions").GetInt32());
        }
        Assert.Empty(await Docker.ContainerIdsAsync($"abaco.execution_id={running}"));
    }
}
