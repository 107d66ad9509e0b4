using Abaco.Testing;
using System.Net;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.1: the envelope, and a clear JSON answer for every bad request.</summary>
public sealed class ApiContractSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Theory(DisplayName = "Bad actor descriptions answer 400 naming the field")]
    [InlineData("""{"name": "no image"}""", "image")]
    [InlineData("""{"image": "abaco/test-busybox", "stateless": "maybe"}""", "stateless")]
    [InlineData("""{"image": "abaco/test-busybox", "default_environment": "x=1"}""", "default_environment")]
    [InlineData("""{"image": "abaco/test-busybox", "max_workers": "many"}""", "max_workers")]
    [InlineData("""{"image": "abaco/test-busybox", "mem_limit": "lots"}""", "mem_limit")]
    [InlineData("""{"image": "abaco/test-busybox", "queue": "nowhere"}""", "queue")]
    [InlineData("""{"image": "abaco/test-busybox", "hints": ["{bad}"]}""", "Hints")]
    [InlineData("""{"image": "abaco/test-busybox",""", "JSON")]
    public async Task Bad_descriptions_are_refused(string body, string named)
    {
        var answer = await _client.PostRawAsync("/actors", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("error", answer.EnvelopeStatus);
        Assert.Contains(named, answer.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Result.ValueKind);
    }

    [Fact(DisplayName = "Refused registrations leave nothing behind")]
    public async Task Refusals_write_nothing()
    {
        var before = (await _client.GetAsync("/actors")).Result.GetArrayLength();
        await _client.PostRawAsync("/actors", """{"image": "abaco/test-busybox", "queue": "nowhere"}""", "application/json");
        Assert.Equal(before, (await _client.GetAsync("/actors")).Result.GetArrayLength());
    }

    [Fact(DisplayName = "Unknown URLs, unknown actor routes and wrong methods answer JSON, never HTML")]
    public async Task Unknown_routes_answer_json()
    {
        var nowhere = await _client.GetAsync("/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.Status);
        Assert.Equal("Invalid request: the requested URL is not an Abaco endpoint.", nowhere.Message);

        var unknownActorRoute = await _client.GetAsync("/actors/abc/def/ghi/jkl");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, unknownActorRoute.Status);
        Assert.Contains("the API endpoint does not exist", unknownActorRoute.Message);

        var wrongMethod = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/actors"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        Assert.Equal("Invalid HTTP method on requested resource.", wrongMethod.Message);
    }

    [Fact(DisplayName = "Missing actors are 404 and missing executions 400, with the original's messages")]
    public async Task Missing_things()
    {
        var alias = await _client.GetAsync("/actors/not-an-id");
        Assert.Equal(HttpStatusCode.NotFound, alias.Status);
        Assert.Equal("Actor with identifier 'not-an-id' not found", alias.Message);

        var missingId = Abaco.Core.Ids.AbacoIds.NewId();
        var actor = await _client.GetAsync($"/actors/{missingId}");
        Assert.Equal(HttpStatusCode.NotFound, actor.Status);
        Assert.Equal($"No actor found with identifier: {missingId}.", actor.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/actors/{missingId}/messages", new { message = "x" })).Status);

        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var execution = await _client.GetAsync($"/actors/{id}/executions/nope");
        Assert.Equal(HttpStatusCode.BadRequest, execution.Status);
        Assert.Equal($"No executions found with actor id of {id} and execution id of nope.", execution.Message);
    }

    [Fact(DisplayName = "A message body that is not JSON and has no message field is refused with the original's message")]
    public async Task Unserializable_message()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var answer = await _client.PostRawAsync($"/actors/{id}/messages", "not json at all", "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("message POST body could not be serialized. Pass JSON data or use the message attribute.", answer.Message);
        Assert.Equal(0, (await _client.GetAsync($"/actors/{id}/messages")).Result.GetProperty("messages").GetInt32());
    }

    [Fact(DisplayName = "Every answer carries the envelope with the configured version")]
    public async Task Envelope_has_version()
    {
        var answer = await _client.GetAsync("/actors");
        Assert.Equal("success", answer.EnvelopeStatus);
        Assert.Equal("Actors retrieved successfully.", answer.Message);
        Assert.False(string.IsNullOrEmpty(answer.Envelope.GetProperty("version").GetString()));
    }
}

/// <summary>original-abaco.md §1.1 case switch: with <c>web.case = camel</c> requests and responses use camelCase.</summary>
public sealed class CamelCaseSpecs(CamelNodeFixture fixture) : IClassFixture<CamelNodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Fact(DisplayName = "In camel mode fields are camelCase both ways, and snake fields are ignored")]
    public async Task Camel_both_ways()
    {
        var answer = await _client.PostJsonAsync("/actors", new
        {
            image = "abaco/test-busybox",
            defaultEnvironment = new { some_key = "camel" },
            use_container_uid = "not a boolean but ignored in camel mode",
        });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var actor = answer.Result;
        Assert.Equal("camel", actor.GetProperty("defaultEnvironment").GetProperty("some_key").GetString());
        Assert.True(actor.TryGetProperty("statusMessage", out _));
        Assert.False(actor.TryGetProperty("status_message", out _));
        Assert.True(actor.TryGetProperty("_links", out _));
        var id = actor.GetProperty("id").GetString()!;

        var sent = await _client.PostJsonAsync($"/actors/{id}/messages", new { message = "camel message" });
        var executionId = sent.Result.GetProperty("executionId").GetString()!;
        JsonElementWait execution = new(_client, id, executionId);
        var done = await execution.FinishedAsync();
        Assert.Equal("COMPLETE", done.GetProperty("status").GetString());
        Assert.True(done.TryGetProperty("exitCode", out _));
        Assert.True(done.TryGetProperty("finalState", out _));
        var logs = (await _client.GetAsync($"/actors/{id}/executions/{executionId}/logs")).Result.GetProperty("logs").GetString();
        Assert.Contains("some_key=camel", logs);
    }

    /// <summary>Polls an execution in camel mode (the shared helper reads snake names).</summary>
    private sealed record JsonElementWait(AbacoClient Client, string ActorId, string ExecutionId)
    {
        public async Task<System.Text.Json.JsonElement> FinishedAsync()
        {
            System.Text.Json.JsonElement execution = default;
            await Eventually.TrueAsync(async () =>
            {
                execution = await Client.ExecutionAsync(ActorId, ExecutionId);
                return execution.GetProperty("status").GetString() is "COMPLETE" or "ERROR";
            }, AbacoClient.ExecutionDeadline, "the camel execution to finish");
            return execution;
        }
    }
}
