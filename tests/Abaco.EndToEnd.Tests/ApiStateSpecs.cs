using System.Net;
using System.Text.Json;
using Xunit;
using static Abaco.EndToEnd.Tests.AbacoClientExtensions;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.3 #6-#7, §2.11, §3.21: the state of stateful actors, set through the API, seen by executions.</summary>
public sealed class ApiStateSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private const string Falsy = "Invalid actor state description: state must be JSON serializable.";

    private readonly AbacoClient _client = fixture.Client();

    private Task<Answer> SetStateAsync(string actorId, string json) =>
        _client.PostRawAsync($"/actors/{actorId}/state", json, "application/json");

    [Fact(DisplayName = "Setting a stateful actor's state answers the actor holding it, and GET state reads it back")]
    public async Task Set_and_read_state()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", stateless = false });
        const string state = """{"counter": 1, "names": ["a", "b"], "done": false}""";

        var set = await SetStateAsync(id, state);

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("State updated successfully.", set.Message);
        Assert.Equal(id, set.Result.GetProperty("id").GetString());
        Assert.False(set.Result.GetProperty("stateless").GetBoolean());
        Assert.True(JsonEquals(Json(state), set.Result.GetProperty("state")), set.Body);

        var read = await _client.GetAsync($"/actors/{id}/state");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("Actor state retrieved successfully.", read.Message);
        Assert.Equal(["state"], read.Result.EnumerateObject().Select(p => p.Name));
        Assert.True(JsonEquals(Json(state), read.Result.GetProperty("state")), read.Body);

        var replaced = await SetStateAsync(id, "42");
        Assert.Equal(42, replaced.Result.GetProperty("state").GetInt32());
        Assert.Equal(42, (await _client.GetAsync($"/actors/{id}/state")).Result.GetProperty("state").GetInt32());
    }

    [Theory(DisplayName = "Each execution sees the state current when it runs, rendered as Python in _abaco_actor_state")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Executions_see_the_state(string mode)
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            stateless = false,
            default_environment = new { ACTOR_MODE = "context" },
            hints = ExecutionModes.Hints(mode),
        });
        await SetStateAsync(id, """{"counter": 1, "names": ["a", "b"], "done": false, "none": null}""");

        var first = await _client.SendAsync(id, "what is my state?");
        await _client.WaitCompleteAsync(id, first);
        var context = PrintedContext(await _client.LogsAsync(id, first));

        Assert.Equal("{'counter': 1, 'names': ['a', 'b'], 'done': False, 'none': None}",
            context.GetProperty("_abaco_actor_state").GetString());
        Assert.True(JsonEquals(Json("""{"counter": 1, "names": ["a", "b"], "done": false, "none": null}"""),
            context.GetProperty("state")), context.GetRawText());

        await SetStateAsync(id, "\"second\"");
        var second = await _client.SendAsync(id, "and now?");
        await _client.WaitCompleteAsync(id, second);
        context = PrintedContext(await _client.LogsAsync(id, second));

        // Rendered with Python's str(), as docker-py does with the original's environment: a string as itself.
        Assert.Equal("second", context.GetProperty("_abaco_actor_state").GetString());
        Assert.Equal("second", context.GetProperty("state").GetString());
    }

    [Fact(DisplayName = "A stateless actor has no state to set: 404 'actor is stateless.'")]
    public async Task Stateless_actor_has_no_state()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });

        var answer = await SetStateAsync(id, """{"a": 1}""");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("error", answer.EnvelopeStatus);
        Assert.Equal("actor is stateless.", answer.Message);
        Assert.Equal(JsonValueKind.Null, answer.Result.ValueKind);
    }

    [Fact(DisplayName = "An empty, falsy or unparseable state is refused with 400 and the state stays as it was")]
    public async Task Falsy_state_is_refused()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", stateless = false });
        await SetStateAsync(id, """{"keep": true}""");

        foreach (var body in new[] { "", "{}", "[]", "\"\"", "0", "false", "null", "not json" })
        {
            var answer = await SetStateAsync(id, body);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"state body '{body}' answered {answer.Status}: {answer.Body}");
            Assert.Equal(Falsy, answer.Message);
        }

        var state = (await _client.GetAsync($"/actors/{id}/state")).Result.GetProperty("state");
        Assert.True(JsonEquals(Json("""{"keep": true}"""), state), state.GetRawText());
    }

    [Fact(DisplayName = "A stateful actor stays stateful: PUT without stateless=false, or with max_workers, is refused")]
    public async Task Stateful_actor_stays_stateful()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", stateless = false });

        var toStateless = await _client.PutJsonAsync($"/actors/{id}", new { image = "abaco/test-busybox" });
        Assert.Equal(HttpStatusCode.BadRequest, toStateless.Status);
        Assert.Equal("Invalid actor description: an actor that was not stateless cannot be updated to be stateless.",
            toStateless.Message);

        var withMaxWorkers = await _client.PutJsonAsync($"/actors/{id}",
            new { image = "abaco/test-busybox", stateless = false, max_workers = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, withMaxWorkers.Status);
        Assert.Equal("Invalid actor description: stateful actors can only have 1 worker.", withMaxWorkers.Message);

        var kept = await _client.PutJsonAsync($"/actors/{id}",
            new { image = "abaco/test-busybox", stateless = false, description = "still stateful" });
        Assert.Equal(HttpStatusCode.OK, kept.Status);
        Assert.False(kept.Result.GetProperty("stateless").GetBoolean());
        Assert.Equal("State updated successfully.", (await SetStateAsync(id, """{"ok": 1}""")).Message);
    }
}
