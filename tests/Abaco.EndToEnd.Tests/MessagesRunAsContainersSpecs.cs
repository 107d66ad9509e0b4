using Abaco.Testing;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §3.1, §3.4, §3.5: one message, one real container, its logs and accounting read back.</summary>
public sealed class MessagesRunAsContainersSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Theory(DisplayName = "A string message runs the busybox actor and its logs read 'Contents of MSG: ...'")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task String_message_runs_and_logs_are_readable(string mode)
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/test-busybox", name = "hello", hints = ExecutionModes.Hints(mode) });
        var executionId = await _client.SendAsync(actorId, "hello abaco");

        var execution = await _client.WaitCompleteAsync(actorId, executionId);

        Assert.Equal("COMPLETE", execution.GetProperty("status").GetString());
        Assert.Equal(0, execution.GetProperty("exit_code").GetInt64());
        Assert.Equal("exited", execution.GetProperty("final_state").GetProperty("Status").GetString());
        Assert.NotEqual("None", execution.GetProperty("start_time").GetString());
        Assert.True(DateTime.Parse(execution.GetProperty("finish_time").GetString()!) >=
                    DateTime.Parse(execution.GetProperty("start_time").GetString()!));
        Assert.False(string.IsNullOrEmpty(execution.GetProperty("worker_id").GetString()));
        var logs = await _client.LogsAsync(actorId, executionId);
        Assert.StartsWith("Contents of MSG: hello abaco", logs);

        var actor = (await _client.GetAsync($"/actors/{actorId}")).Result;
        Assert.Equal("READY", actor.GetProperty("status").GetString());
        var workers = (await _client.GetAsync($"/actors/{actorId}/workers")).Result;
        Assert.Equal("READY", Assert.Single(workers.EnumerateArray()).GetProperty("status").GetString());
    }

    [Theory(DisplayName = "A JSON message reaches the container as a Python literal with content type application/json")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Json_message_is_a_python_literal(string mode)
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/test-busybox", hints = ExecutionModes.Hints(mode) });
        var answer = await _client.PostRawAsync($"/actors/{actorId}/messages",
            """{"a": 1, "b": [true, null, "it's"], "c": 1.5}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var executionId = answer.Result.GetProperty("execution_id").GetString()!;

        await _client.WaitCompleteAsync(actorId, executionId);
        var logs = await _client.LogsAsync(actorId, executionId);

        Assert.Contains("""Contents of MSG: {'a': 1, 'b': [True, None, "it's"], 'c': 1.5}""", logs);
        Assert.Contains("_abaco_Content_Type=application/json", logs);
    }

    [Theory(DisplayName = "Query parameters, default_environment and the _abaco_ variables are the container's environment")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Environment_reaches_the_container(string mode)
    {
        var actorId = await _client.CreateActorAsync(new
        {
            image = "abaco/test-busybox",
            name = "envy",
            hints = ExecutionModes.Hints(mode),
            default_environment = new { COLOUR = "blue", OVERRIDDEN = "by-default", NUMBER = 3 },
        });
        var executionId = await _client.SendAsync(actorId, "env", "?OVERRIDDEN=by-query&extra=yes");

        await _client.WaitCompleteAsync(actorId, executionId);
        var logs = await _client.LogsAsync(actorId, executionId);

        Assert.Contains("COLOUR=blue", logs);
        Assert.Contains("NUMBER=3", logs);
        Assert.Contains("OVERRIDDEN=by-query", logs);
        Assert.Contains("extra=yes", logs);
        Assert.Contains($"_abaco_execution_id={executionId}", logs);
        Assert.Contains($"_abaco_actor_id={actorId}", logs);
        Assert.Contains($"_abaco_actor_dbid=dev_staging_{actorId}", logs);
        Assert.Contains("_abaco_actor_name=envy", logs);
        Assert.Contains("_abaco_username=anonymous", logs);
        Assert.Contains("_abaco_Content_Type=str", logs);
        Assert.Contains("_abaco_container_repo=abaco/test-busybox", logs);
        Assert.Contains("_abaco_actor_revision=1", logs);
        Assert.Contains("_abaco_worker_id=", logs);
    }

    [Theory(DisplayName = "A container that exits non-zero is COMPLETE with its exit code and both output streams")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Non_zero_exit_code_is_recorded(string mode)
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/test-exit", hints = ExecutionModes.Hints(mode) });
        var executionId = await _client.SendAsync(actorId, "fail please", "?EXIT_CODE=7");

        var execution = await _client.WaitCompleteAsync(actorId, executionId);

        Assert.Equal("COMPLETE", execution.GetProperty("status").GetString());
        Assert.Equal(7, execution.GetProperty("exit_code").GetInt64());
        Assert.Equal(7, execution.GetProperty("final_state").GetProperty("ExitCode").GetInt64());
        var logs = await _client.LogsAsync(actorId, executionId);
        Assert.Contains("failing on purpose", logs);
        Assert.Contains("about to exit", logs);
    }

    [Theory(DisplayName = "Messages queue in order on one worker and every one completes; the summary adds them up")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Queued_messages_all_complete_in_order(string mode)
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/test-busybox", hints = ExecutionModes.Hints(mode) });
        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.Add(await _client.SendAsync(actorId, $"message {i}"));

        var starts = new List<DateTime>();
        foreach (var id in ids)
        {
            var execution = await _client.WaitCompleteAsync(actorId, id);
            Assert.Equal("COMPLETE", execution.GetProperty("status").GetString());
            starts.Add(DateTime.Parse(execution.GetProperty("start_time").GetString()!));
            Assert.Contains($"Contents of MSG: message {ids.IndexOf(id)}", await _client.LogsAsync(actorId, id));
        }
        Assert.Equal(starts.OrderBy(s => s), starts);

        var summary = (await _client.GetAsync($"/actors/{actorId}/executions")).Result;
        Assert.Equal(4, summary.GetProperty("total_executions").GetInt32());
        Assert.Equal(ids, summary.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var count = (await _client.GetAsync($"/actors/{actorId}/messages")).Result;
        Assert.Equal(0, count.GetProperty("messages").GetInt32());
    }

    [Fact(DisplayName = "An actor whose image does not exist goes to ERROR naming the image, and its message is kept, not lost")]
    public async Task Missing_image_puts_actor_in_error()
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/does-not-exist-anywhere:1" });
        var executionId = await _client.SendAsync(actorId, "anyone there?");

        var actor = await _client.WaitActorStatusAsync(actorId, "ERROR");

        Assert.Contains("abaco/does-not-exist-anywhere", actor.GetProperty("status_message").GetString());
        var execution = await _client.ExecutionAsync(actorId, executionId);
        Assert.Equal("SUBMITTED", execution.GetProperty("status").GetString());
        Assert.Equal(1, (await _client.GetAsync($"/actors/{actorId}/messages")).Result.GetProperty("messages").GetInt32());
        // The failed worker's record is deleted after the actor's status is written.
        await Eventually.TrueAsync(async () => !(await _client.GetAsync($"/actors/{actorId}/workers")).Result.EnumerateArray().Any(),
            TimeSpan.FromSeconds(30), "the failed worker to leave the list");
    }

    [Fact(DisplayName = "Finished containers are removed")]
    public async Task Containers_are_removed()
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var executionId = await _client.SendAsync(actorId, "clean up after me");
        await _client.WaitCompleteAsync(actorId, executionId);

        await Eventually.TrueAsync(async () =>
            (await Docker.ContainerIdsAsync($"abaco.execution_id={executionId}")).Length == 0,
            TimeSpan.FromSeconds(30), "the execution's container to be removed");
    }
}
