using Abaco.Testing;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.3: registering, listing, updating and deleting actors.</summary>
public sealed class ActorLifecycleSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Fact(DisplayName = "A registered actor is listed, readable, owned by the caller and starts SUBMITTED at revision 1")]
    public async Task Register_and_read()
    {
        var answer = await _client.PostJsonAsync("/actors", new
        {
            image = "abaco/test-busybox",
            name = "reader",
            description = "reads things",
            hints = new[] { "sync", "fast" },
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("success", answer.EnvelopeStatus);
        Assert.Equal("Actor created successfully.", answer.Message);
        var created = answer.Result;
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("anonymous", created.GetProperty("owner").GetString());
        Assert.Equal(1, created.GetProperty("revision").GetInt32());
        Assert.True(created.GetProperty("stateless").GetBoolean());
        Assert.Equal(["sync", "fast"], created.GetProperty("hints").EnumerateArray().Select(h => h.GetString()));
        Assert.EndsWith($"/actors/v2/{id}", created.GetProperty("_links").GetProperty("self").GetString());

        var read = await _client.GetAsync($"/actors/{id}");
        Assert.Equal("reader", read.Result.GetProperty("name").GetString());
        var list = await _client.GetAsync("/actors");
        Assert.Contains(list.Result.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
    }

    [Fact(DisplayName = "Tenants are isolated: an actor of one tenant is neither listed nor found in another")]
    public async Task Tenants_are_isolated()
    {
        using var other = fixture.Client("OTHER-TENANT");
        var id = await other.CreateActorAsync(new { image = "abaco/test-busybox" });

        Assert.Contains((await other.GetAsync("/actors")).Result.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        Assert.DoesNotContain((await _client.GetAsync("/actors")).Result.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/actors/{id}")).Status);
    }

    [Fact(DisplayName = "PUT replaces the description; a new image bumps the revision and the next message runs it")]
    public async Task Update_replaces_and_new_image_takes_over()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-exit", name = "changing", description = "old" });
        var first = await _client.SendAsync(id, "one");
        Assert.Equal(3, (await _client.WaitCompleteAsync(id, first)).GetProperty("exit_code").GetInt64());

        var sameImage = await _client.PutJsonAsync($"/actors/{id}", new { image = "abaco/test-exit", description = "new" });
        Assert.Equal(HttpStatusCode.OK, sameImage.Status);
        Assert.Equal("new", sameImage.Result.GetProperty("description").GetString());
        Assert.Equal("changing", sameImage.Result.GetProperty("name").GetString());
        Assert.Equal(1, sameImage.Result.GetProperty("revision").GetInt32());

        var newImage = await _client.PutJsonAsync($"/actors/{id}", new { image = "abaco/test-busybox" });
        Assert.Equal(2, newImage.Result.GetProperty("revision").GetInt32());
        Assert.Equal("", newImage.Result.GetProperty("description").GetString());
        Assert.Equal("SUBMITTED", newImage.Result.GetProperty("status").GetString());

        var second = await _client.SendAsync(id, "two");
        var execution = await _client.WaitCompleteAsync(id, second);
        Assert.Equal(0, execution.GetProperty("exit_code").GetInt64());
        Assert.Contains("_abaco_actor_revision=2", await _client.LogsAsync(id, second));
        await _client.WaitActorStatusAsync(id, "READY");
        await Eventually.TrueAsync(async () =>
        {
            var workers = (await _client.GetAsync($"/actors/{id}/workers")).Result.EnumerateArray().ToList();
            return workers.Count == 1;
        }, TimeSpan.FromSeconds(30), "the old revision's worker to go away");
    }

    [Fact(DisplayName = "A stateful actor cannot become stateless, and cannot have max_workers")]
    public async Task Stateful_rules()
    {
        var bad = await _client.PostJsonAsync("/actors", new { image = "abaco/test-busybox", stateless = false, max_workers = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("Invalid actor description: stateful actors can only have 1 worker.", bad.Message);

        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", stateless = false });
        var put = await _client.PutJsonAsync($"/actors/{id}", new { image = "abaco/test-busybox" });
        Assert.Equal(HttpStatusCode.BadRequest, put.Status);
        Assert.Contains("cannot be updated to be stateless", put.Message);
    }

    [Fact(DisplayName = "DELETE halts the running execution, errors the queued ones, removes containers and the actor")]
    public async Task Delete_stops_everything()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-sleep", default_environment = new { SLEEP_SECONDS = "300" } });
        var running = await _client.SendAsync(id, "sleep a long time");
        var queued = await _client.SendAsync(id, "never runs");
        await _client.WaitStatusAsync(id, running, ["RUNNING"]);

        var deleted = await _client.DeleteAsync($"/actors/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.StartsWith("Actor deleted successfully", deleted.Message);
        Assert.Equal(JsonValueKind.Null, deleted.Result.ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/actors/{id}")).Status);
        Assert.DoesNotContain((await _client.GetAsync("/actors")).Result.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        await Eventually.TrueAsync(async () =>
            (await Docker.ContainerIdsAsync($"abaco.actor_dbid=dev_staging_{id}")).Length == 0,
            TimeSpan.FromSeconds(30), "the actor's containers to be removed");
    }
}
