using Abaco.Testing;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.6: listing an actor's workers, asking for more, reading and stopping one.</summary>
public sealed class ApiWorkersSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Fact(DisplayName = "Asking for more workers starts only the missing ones; they are listed, readable one by one and reach READY")]
    public async Task Scale_up_on_request()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var first = Assert.Single(await _client.WaitReadyWorkersAsync(id, 1));

        var more = await _client.PostJsonAsync($"/actors/{id}/workers", new { num = 2 });

        Assert.Equal(HttpStatusCode.OK, more.Status);
        Assert.Equal("Scheduled 1 new worker(s) to start. Previously, there were 1 workers.", more.Message);
        var workers = await _client.WaitReadyWorkersAsync(id, 2);
        Assert.Contains(workers, w => w.GetProperty("id").GetString() == first.GetProperty("id").GetString());
        foreach (var worker in workers)
        {
            Assert.Equal("abaco/test-busybox", worker.GetProperty("image").GetString());
            Assert.Equal("dev_staging", worker.GetProperty("tenant").GetString());
            Assert.Equal(fixture.Node.HostId, worker.GetProperty("host_id").GetString());
            Assert.False(string.IsNullOrEmpty(worker.GetProperty("ch_name").GetString()));
            Assert.NotEqual("None", worker.GetProperty("create_time").GetString());
        }

        var enough = await _client.PostJsonAsync($"/actors/{id}/workers", new { num = 2 });
        Assert.Equal(HttpStatusCode.OK, enough.Status);
        Assert.Equal($"Actor {id} already had 2 worker(s).", enough.Message);

        var workerId = workers[1].GetProperty("id").GetString()!;
        var one = await _client.GetAsync($"/actors/{id}/workers/{workerId}");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(workerId, one.Result.GetProperty("id").GetString());
        Assert.Equal("READY", one.Result.GetProperty("status").GetString());
    }

    [Fact(DisplayName = "A stopped worker leaves the list, and the actor runs its messages on the one that is left")]
    public async Task Stop_one_worker()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        await _client.WaitReadyWorkersAsync(id, 1);
        // num may come in the query string too.
        var more = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/actors/{id}/workers?num=2"));
        Assert.Equal("Scheduled 1 new worker(s) to start. Previously, there were 1 workers.", more.Message);
        var workers = await _client.WaitReadyWorkersAsync(id, 2);
        var stopped = workers[0].GetProperty("id").GetString()!;
        var kept = workers[1].GetProperty("id").GetString()!;

        var stop = await _client.DeleteAsync($"/actors/{id}/workers/{stopped}");

        Assert.Equal(HttpStatusCode.OK, stop.Status);
        Assert.Equal("Worker scheduled to be stopped.", stop.Message);
        Assert.Equal(JsonValueKind.Null, stop.Result.ValueKind);
        await Eventually.TrueAsync(async () =>
        {
            var left = (await _client.GetAsync($"/actors/{id}/workers")).Result.EnumerateArray().ToList();
            return left.Count == 1 && left[0].GetProperty("id").GetString() == kept;
        }, TimeSpan.FromSeconds(30), "the stopped worker to leave the list");
        var gone = await _client.GetAsync($"/actors/{id}/workers/{stopped}");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("Worker not found.", gone.Message);

        var executionId = await _client.SendAsync(id, "still served");
        var execution = await _client.WaitCompleteAsync(id, executionId);
        Assert.Equal(kept, execution.GetProperty("worker_id").GetString());
    }

    [Fact(DisplayName = "An unknown worker is 404 'Worker not found.' to read and to stop")]
    public async Task Unknown_worker()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });

        var read = await _client.GetAsync($"/actors/{id}/workers/no-such-worker");
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal("Worker not found.", read.Message);

        var stop = await _client.DeleteAsync($"/actors/{id}/workers/no-such-worker");
        Assert.Equal(HttpStatusCode.NotFound, stop.Status);
        Assert.Equal("Worker not found.", stop.Message);
    }
}
