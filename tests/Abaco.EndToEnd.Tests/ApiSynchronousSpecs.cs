using Abaco.Testing;
using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// original-abaco.md §1.4 #15 and §3.8: <c>?_abaco_synchronous=true</c> holds the request until the execution's first result
/// (raw bytes) or its end (the logs as text/html), with no envelope.
/// </summary>
public sealed class ApiSynchronousSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private const string Synchronous = "?_abaco_synchronous=true";

    private readonly AbacoClient _client = fixture.Client();

    private Task<RawAnswer> SendSynchronouslyAsync(string actorId, string message, string extraQuery = "") =>
        fixture.RawAsync(new HttpRequestMessage(HttpMethod.Post, $"/actors/{actorId}/messages{Synchronous}{extraQuery}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = message }),
        });

    private async Task<string> OnlyExecutionIdAsync(string actorId)
    {
        var executions = (await _client.GetAsync($"/actors/{actorId}/executions")).Result.GetProperty("executions");
        return Assert.Single(executions.EnumerateArray()).GetProperty("id").GetString()!;
    }

    [Theory(DisplayName = "A synchronous message answers with the execution's first result as raw bytes; the others stay readable")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Answers_the_first_result(string mode)
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "results" },
            hints = ExecutionModes.Hints(mode),
        });

        var answer = await fixture.RawAsync(new HttpRequestMessage(HttpMethod.Post, $"/actors/{id}/messages{Synchronous}")
        {
            Content = JsonContent.Create(new { results = new[] { "one", "two" } }),
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/octet-stream", answer.MediaType);
        Assert.Equal("one", answer.Text);
        var executionId = await OnlyExecutionIdAsync(id);
        await _client.WaitCompleteAsync(id, executionId);
        Assert.Equal("two", (await fixture.PopResultAsync(id, executionId)).Text);
    }

    [Theory(DisplayName = "A synchronous message to an actor that sends no result answers with its logs as text/html")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Answers_the_logs(string mode)
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", hints = ExecutionModes.Hints(mode) });

        var answer = await SendSynchronouslyAsync(id, "hello synchronously");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.StartsWith("Contents of MSG: hello synchronously", answer.Text);
        // Every query parameter, this one included, is in the container's environment.
        Assert.Contains("_abaco_synchronous=true", answer.Text);
        var execution = await _client.WaitCompleteAsync(id, await OnlyExecutionIdAsync(id));
        Assert.Equal(0, execution.GetProperty("exit_code").GetInt64());
    }

    [Fact(DisplayName = "A synchronous message whose container exits non-zero answers with its logs, it does not hang")]
    public async Task Non_zero_exit_answers()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-exit" });

        var answer = await SendSynchronouslyAsync(id, "fail", "&EXIT_CODE=4");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.Contains("failing on purpose", answer.Text);
        Assert.Contains("about to exit", answer.Text);
        var execution = await _client.WaitCompleteAsync(id, await OnlyExecutionIdAsync(id));
        Assert.Equal(4, execution.GetProperty("exit_code").GetInt64());
    }

    [Fact(DisplayName = "A synchronous caller whose queued message is purged gets an answer instead of waiting forever")]
    public async Task Purged_synchronous_message_answers()
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/test-sleep",
            default_environment = new { SLEEP_SECONDS = "60" },
        });
        var running = await _client.SendAsync(id, "keep the worker busy");
        await _client.WaitStatusAsync(id, running, ["RUNNING"]);

        var waiting = SendSynchronouslyAsync(id, "never runs");
        await Eventually.TrueAsync(async () => await _client.PendingMessagesAsync(id) == 1,
            TimeSpan.FromSeconds(30), "the synchronous message to be queued");
        var purged = await _client.DeleteAsync($"/actors/{id}/messages");
        Assert.Equal(HttpStatusCode.OK, purged.Status);

        var answer = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.Equal("", answer.Text);
        var executions = (await _client.GetAsync($"/actors/{id}/executions")).Result.GetProperty("executions");
        var never = executions.EnumerateArray().Single(e => e.GetProperty("id").GetString() != running);
        Assert.Equal("ERROR", never.GetProperty("status").GetString());
        await _client.DeleteAsync($"/actors/{id}/executions/{running}");
    }
}
