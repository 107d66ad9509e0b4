using Abaco.Testing;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// original-abaco.md §1.4 #11 and #16, §3.11: halting a running execution, and purging the messages still queued.
/// The python actor sleeps SLEEP_SECONDS (60) unless a JSON message says <c>{"seconds": n}</c>.
/// </summary>
public sealed class ApiHaltAndPurgeSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(45); // well before the 60 s sleep ends

    private readonly AbacoClient _client = fixture.Client();

    private Task<string> CreateSleeperAsync(string mode = ExecutionModes.Cold) => _client.CreateActorAsync(new
    {
        image = "abaco/python-actor",
        default_environment = new { ACTOR_MODE = "sleep", SLEEP_SECONDS = "60" },
        hints = ExecutionModes.Hints(mode),
    });

    // What the execution printed, read as users read it (warm executions have no container of their own to ask).
    private Task WaitPrintedAsync(string actorId, string executionId, string text) =>
        Eventually.TrueAsync(async () => (await _client.LogsAsync(actorId, executionId)).Contains(text),
            TimeSpan.FromSeconds(30), $"the logs of {executionId} to show '{text}'", TimeSpan.FromMilliseconds(250));

    private static string Refusal(string status) =>
        $"Cannot force quit an execution not in RUNNING status. Execution was found in status: {status}";

    [Theory(DisplayName = "Halting a running execution stops it at once; it ends COMPLETE with its logs, and only RUNNING ones can be halted")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Halt_running_execution(string mode)
    {
        var id = await CreateSleeperAsync(mode);
        var running = await _client.SendAsync(id, "halt me");
        var queued = await _client.SendAsync(id, "wait my turn");
        await _client.WaitStatusAsync(id, running, ["RUNNING"]);
        // Halted before Python installed its SIGTERM handler, PID 1 would ignore the signal until the SIGKILL.
        await WaitPrintedAsync(id, running, "sleeping 60");

        var notYet = await _client.DeleteAsync($"/actors/{id}/executions/{queued}");
        Assert.Equal(HttpStatusCode.BadRequest, notYet.Status);
        Assert.Equal(Refusal("SUBMITTED"), notYet.Message);

        var halt = await _client.DeleteAsync($"/actors/{id}/executions/{running}");
        Assert.Equal(HttpStatusCode.OK, halt.Status);
        Assert.Equal($"Issued force quit command for execution {running}.", halt.Message);
        Assert.Equal(JsonValueKind.Null, halt.Result.ValueKind);

        var halted = await _client.WaitFinishedAsync(id, running, Quickly);
        Assert.Equal("COMPLETE", halted.GetProperty("status").GetString());
        Assert.Equal(143, halted.GetProperty("exit_code").GetInt64());
        Assert.True(halted.GetProperty("runtime").GetInt64() < 60, halted.GetRawText());
        var logs = await _client.LogsAsync(id, running);
        Assert.Contains("sleeping 60", logs);
        Assert.Contains("got SIGTERM", logs);
        Assert.DoesNotContain("done sleeping", logs);

        var again = await _client.DeleteAsync($"/actors/{id}/executions/{running}");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal(Refusal("COMPLETE"), again.Message);

        // The worker is free again: the queued message runs next (and is halted in turn, to finish quickly).
        await _client.WaitStatusAsync(id, queued, ["RUNNING"]);
        await WaitPrintedAsync(id, queued, "sleeping 60");
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/actors/{id}/executions/{queued}")).Status);
        Assert.Equal("COMPLETE", (await _client.WaitFinishedAsync(id, queued, Quickly)).GetProperty("status").GetString());
    }

    [Fact(DisplayName = "Purging the mailbox drops the queued messages: they end ERROR with a reason, the running one completes, new ones run")]
    public async Task Purge_queued_messages()
    {
        var id = await CreateSleeperAsync();
        var running = await _client.SendJsonAsync(id, new { seconds = 8 });
        var queued = new List<string>();
        for (var i = 0; i < 3; i++) queued.Add(await _client.SendAsync(id, $"queued {i}"));
        await _client.WaitStatusAsync(id, running, ["RUNNING"]);
        Assert.Equal(3, await _client.PendingMessagesAsync(id));

        var purge = await _client.DeleteAsync($"/actors/{id}/messages");

        Assert.Equal(HttpStatusCode.OK, purge.Status);
        Assert.Equal("Actor mailbox purged.", purge.Message);
        Assert.Equal("Actor mailbox purged.", purge.Result.GetProperty("msg").GetString());
        Assert.EndsWith($"/actors/v2/{id}/messages", purge.Result.GetProperty("_links").GetProperty("self").GetString());
        Assert.Equal(0, await _client.PendingMessagesAsync(id));
        foreach (var executionId in queued)
        {
            var execution = await _client.ExecutionAsync(id, executionId);
            Assert.Equal("ERROR", execution.GetProperty("status").GetString());
            Assert.Equal("The actor's mailbox was purged before this message ran.",
                execution.GetProperty("status_message").GetString());
        }

        var completed = await _client.WaitCompleteAsync(id, running);
        Assert.Equal(0, completed.GetProperty("exit_code").GetInt64());
        Assert.Contains("done sleeping", await _client.LogsAsync(id, running));

        var after = await _client.SendJsonAsync(id, new { seconds = 0 });
        await _client.WaitCompleteAsync(id, after);
        foreach (var executionId in queued)
            Assert.Equal("ERROR", (await _client.ExecutionAsync(id, executionId)).GetProperty("status").GetString());
    }

    [Fact(DisplayName = "The logs of a running execution can be read while it runs")]
    public async Task Logs_while_running()
    {
        var id = await CreateSleeperAsync();
        var running = await _client.SendAsync(id, "talk while you sleep");
        await _client.WaitStatusAsync(id, running, ["RUNNING"]);
        await AbacoClientExtensions.WaitContainerPrintedAsync(running, "slept 1 of 60");

        try
        {
            await Eventually.TrueAsync(async () => (await _client.LogsAsync(id, running)).Contains("sleeping 60"),
                TimeSpan.FromSeconds(15), "the running execution's logs to show what it printed");
            Assert.Equal("RUNNING", (await _client.ExecutionAsync(id, running)).GetProperty("status").GetString());
        }
        finally
        {
            await _client.DeleteAsync($"/actors/{id}/executions/{running}");
        }
    }
}
