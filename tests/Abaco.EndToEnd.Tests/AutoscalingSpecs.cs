using Abaco.Testing;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>A node with the autoscaler on whatever the test overlay says.</summary>
public sealed class AutoscalingNodeFixture : NodeFixture
{
    protected override string ExtraConfig => "abaco.workers.autoscaling = true";
}

/// <summary>original-abaco.md §3.7: workers follow the queue, up to max_workers, and go to zero once it drains.</summary>
public sealed class AutoscalingSpecs(AutoscalingNodeFixture fixture) : IClassFixture<AutoscalingNodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Fact(DisplayName = "A burst grows an actor with max_workers 3 beyond one worker, never above 3, then back to zero")]
    public async Task Burst_scales_up_then_down_to_zero()
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/test-sleep",
            max_workers = 3,
            default_environment = new { SLEEP_SECONDS = "3" },
        });
        var executions = new List<string>();
        for (var i = 0; i < 6; i++) executions.Add(await _client.SendAsync(id, $"burst {i}"));

        var most = 0;
        await Eventually.TrueAsync(async () =>
        {
            most = Math.Max(most, (await WorkersAsync(id)).Count);
            return most > 1;
        }, TimeSpan.FromSeconds(60), "the actor to have more than one worker");

        var workerIds = new HashSet<string>();
        foreach (var executionId in executions)
        {
            var execution = await _client.WaitCompleteAsync(id, executionId, TimeSpan.FromSeconds(120));
            workerIds.Add(execution.GetProperty("worker_id").GetString()!);
            most = Math.Max(most, (await WorkersAsync(id)).Count);
        }
        Assert.True(workerIds.Count > 1, $"all executions ran on {workerIds.Count} worker(s)");
        Assert.True(most <= 3, $"the actor had {most} workers at once");

        await Eventually.TrueAsync(async () => (await WorkersAsync(id)).Count == 0, TimeSpan.FromSeconds(60),
            "the idle workers to be scaled down to zero");
        Assert.Equal(0, await _client.PendingMessagesAsync(id));
        // Containers are removed after their execution is recorded, within docker.remove_timeout.
        await Eventually.TrueAsync(async () => (await Docker.ContainerIdsAsync($"abaco.actor_dbid=dev_staging_{id}")).Length == 0,
            TimeSpan.FromSeconds(60), "the actor's containers to be removed");
    }

    private async Task<List<JsonElement>> WorkersAsync(string id) =>
        (await _client.GetAsync($"/actors/{id}/workers")).Result.EnumerateArray().ToList();
}
