using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.10 #42-#45: utilization and the admin views across tenants.</summary>
public sealed class ApiAdminSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    private async Task<JsonElement> ExecutionsSummaryAsync() =>
        (await _client.GetAsync("/actors/admin/executions")).Result.GetProperty("summary");

    private static int Int(JsonElement summary, string name) => summary.GetProperty(name).GetInt32();

    [Fact(DisplayName = "Utilization answers camelCase counts: actors now, actors ever registered, workers and the command queue")]
    public async Task Utilization()
    {
        var before = (await _client.GetAsync("/actors/utilization")).Result;
        var kept = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var deleted = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/actors/{deleted}")).Status);
        await _client.WaitReadyWorkersAsync(kept, 1);

        var answer = await _client.GetAsync("/actors/utilization");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var after = answer.Result;
        Assert.Equal(["currentActors", "totalActors", "workers", "commandQueue"],
            after.EnumerateObject().Select(p => p.Name));
        Assert.True(after.GetProperty("workers").GetInt32() >= 1);
        Assert.Equal(0, after.GetProperty("commandQueue").GetInt32());
        Assert.Equal(before.GetProperty("currentActors").GetInt32() + 1, after.GetProperty("currentActors").GetInt32());
        // totalActors is the sum of the daily actor_total metric: every registration counts, deleted actors too.
        Assert.Equal(before.GetProperty("totalActors").GetInt32() + 2, after.GetProperty("totalActors").GetInt32());
    }

    [Fact(DisplayName = "The admin list shows the actors of every tenant with their workers, waiting messages and executions")]
    public async Task Admin_list_crosses_tenants()
    {
        using var first = fixture.Client("ADMIN-FIRST");
        using var second = fixture.Client("ADMIN-SECOND");
        var done = await first.CreateActorAsync(new { image = "abaco/test-busybox" });
        await first.WaitCompleteAsync(done, await first.SendAsync(done, "done"));
        var busy = await second.CreateActorAsync(new
        {
            image = "abaco/test-sleep",
            default_environment = new { SLEEP_SECONDS = "60" },
        });
        var running = await second.SendAsync(busy, "sleep");
        await second.SendAsync(busy, "wait");
        await second.WaitStatusAsync(busy, running, ["RUNNING"]);

        var answer = await first.GetAsync("/actors/admin");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var actors = answer.Result.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        var doneActor = actors[done];
        Assert.Equal("ADMIN-FIRST", doneActor.GetProperty("tenant").GetString());
        Assert.Equal(1, doneActor.GetProperty("executions").GetInt32());
        Assert.Equal(0, doneActor.GetProperty("messages").GetInt32());
        Assert.Single(doneActor.GetProperty("workers").EnumerateArray());
        var busyActor = actors[busy];
        Assert.Equal("ADMIN-SECOND", busyActor.GetProperty("tenant").GetString());
        Assert.Equal(2, busyActor.GetProperty("executions").GetInt32());
        Assert.Equal(1, busyActor.GetProperty("messages").GetInt32());
        Assert.Equal("BUSY", Assert.Single(busyActor.GetProperty("workers").EnumerateArray()).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await second.DeleteAsync($"/actors/{busy}")).Status);
    }

    [Fact(DisplayName = "The admin workers view lists every worker with its actor, and the summary adds them up by status")]
    public async Task Admin_workers()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var worker = Assert.Single(await _client.WaitReadyWorkersAsync(id, 1));

        var answer = await _client.GetAsync("/actors/admin/workers");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var summary = answer.Result.GetProperty("summary");
        var workers = answer.Result.GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(workers.Count, Int(summary, "total_workers"));
        foreach (var status in new[] { "READY", "REQUESTED", "ERROR", "BUSY" })
            Assert.Equal(workers.Count(w => w.GetProperty("status").GetString() == status),
                Int(summary, $"{status.ToLowerInvariant()}_workers"));
        Assert.True(Int(summary, "actors_no_workers") >= 0);
        var listed = workers.Single(w => w.GetProperty("id").GetString() == worker.GetProperty("id").GetString());
        Assert.Equal(id, listed.GetProperty("actor_id").GetString());
        Assert.Equal($"dev_staging_{id}", listed.GetProperty("actor_dbid").GetString());
    }

    [Fact(DisplayName = "The admin executions summary counts executions per actor, and keeps those of deleted actors in the 'all' totals")]
    public async Task Admin_executions()
    {
        var before = await ExecutionsSummaryAsync();
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        foreach (var message in new[] { "one", "two" })
            await _client.WaitCompleteAsync(id, await _client.SendAsync(id, message));

        var answer = await _client.GetAsync("/actors/admin/executions");

        var during = answer.Result.GetProperty("summary");
        Assert.Equal(Int(before, "total_executions_all") + 2, Int(during, "total_executions_all"));
        Assert.Equal(Int(before, "total_executions_existing") + 2, Int(during, "total_executions_existing"));
        Assert.Equal(Int(before, "total_actors_existing") + 1, Int(during, "total_actors_existing"));
        Assert.Equal(Int(before, "total_actors_existing_with_executions") + 1,
            Int(during, "total_actors_existing_with_executions"));
        var entry = answer.Result.GetProperty("actors").EnumerateArray()
            .Single(a => a.GetProperty("actor_id").GetString() == id);
        Assert.Equal(2, entry.GetProperty("total_executions").GetInt32());
        Assert.Equal("abaco/test-busybox", entry.GetProperty("image").GetString());
        Assert.Equal("anonymous", entry.GetProperty("owner").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/actors/{id}")).Status);
        var afterAnswer = await _client.GetAsync("/actors/admin/executions");
        var after = afterAnswer.Result.GetProperty("summary");
        Assert.Equal(Int(during, "total_executions_all"), Int(after, "total_executions_all"));
        Assert.Equal(Int(before, "total_executions_existing"), Int(after, "total_executions_existing"));
        Assert.Equal(Int(before, "total_actors_existing"), Int(after, "total_actors_existing"));
        Assert.DoesNotContain(afterAnswer.Result.GetProperty("actors").EnumerateArray(), a => a.GetProperty("actor_id").GetString() == id);
    }
}
