using System.Diagnostics;
using System.Text.Json;
using Abaco.Testing.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Faults.Tests;

/// <summary>
/// Docker changes behind the node's back: a running container killed or removed, the image of an actor deleted,
/// no Docker daemon at start. Each ends in a status that says what happened, never a hang, and the actor goes on.
/// </summary>
[Trait("Category", "Faults")]
public sealed class ContainerFaultSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan EndDeadline = TimeSpan.FromSeconds(30);

    private AbacoNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = new AbacoNode(storeConfig: "");
        await _node.StartAsync();
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact(DisplayName = "A running container killed from outside: its execution ends with exit code 137 at once, the next message runs")]
    public Task Container_killed() => RunningContainerGoesAway(DockerCli.KillAsync, "docker kill");

    [Fact(DisplayName = "A running container removed from outside: its execution ends with a reason at once, the next message runs")]
    public Task Container_removed() => RunningContainerGoesAway(DockerCli.RemoveAsync, "docker rm -f");

    private async Task RunningContainerGoesAway(Func<string, Task> fault, string what)
    {
        using var client = new AbacoClient(_node.BaseUrl);
        var actor = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
        var execution = await client.SendAsync(actor, "long", "?SLEEP_SECONDS=60");
        await client.WaitStatusAsync(actor, execution, ["RUNNING"]);
        var container = await Eventually.ValueAsync(() => DockerCli.ContainerOfExecutionAsync(execution),
            TimeSpan.FromSeconds(10), "the execution's container");

        var faulted = Stopwatch.StartNew();
        await fault(container);
        var ended = await client.WaitFinishedAsync(actor, execution, EndDeadline);
        var took = faulted.Elapsed;
        var description = Describe(ended);
        Assert.True(ended.GetProperty("status").GetString() == "ERROR"
                ? !string.IsNullOrWhiteSpace(ended.GetProperty("status_message").GetString())
                : ended.GetProperty("exit_code").ValueKind == JsonValueKind.Number,
            $"after {what} the execution ended without saying how: {ended.GetRawText()}");

        var next = await client.SendAsync(actor, "after", "?SLEEP_SECONDS=0");
        await client.WaitCompleteAsync(actor, next);
        output.WriteLine($"{what} of a running container: execution ended {description} {took.TotalSeconds:0.0} s later; " +
                         "the next message ran COMPLETE");
    }

    [Fact(DisplayName = "An actor's image deleted while it is used: the next execution ends ERROR naming the image, no hang")]
    public async Task Image_deleted()
    {
        var image = $"abaco/fault-{Guid.NewGuid():N}"[..24];
        await DockerCli.TagAsync("abaco/test-sleep", image);
        try
        {
            using var client = new AbacoClient(_node.BaseUrl);
            var actor = await client.CreateActorAsync(new { image });
            await client.WaitCompleteAsync(actor, await client.SendAsync(actor, "first", "?SLEEP_SECONDS=0"));

            await DockerCli.RemoveImageAsync(image);
            var deleted = Stopwatch.StartNew();
            var execution = await client.SendAsync(actor, "without its image", "?SLEEP_SECONDS=0");
            var ended = await client.WaitFinishedAsync(actor, execution, TimeSpan.FromSeconds(60));
            var took = deleted.Elapsed;
            Assert.Equal("ERROR", ended.GetProperty("status").GetString());
            Assert.Contains(image, ended.GetProperty("status_message").GetString());
            output.WriteLine($"Image deleted while in use: the next execution ended {Describe(ended)} " +
                             $"{took.TotalSeconds:0.0} s after the send");
        }
        finally
        {
            await DockerCli.RemoveImageAsync(image).ContinueWith(_ => { }); // already gone when the spec got that far
        }
    }

    [Fact(DisplayName = "The Docker socket unreachable at start: a spawner node stops at once, naming abaco.docker.dd")]
    public async Task Docker_unreachable_at_start()
    {
        var socket = $"/tmp/abaco-no-docker-{Guid.NewGuid():N}.sock";
        await using var node = new AbacoNode($"abaco.docker.dd = \"unix://{socket}\"", storeConfig: "")
        {
            StartDeadline = TimeSpan.FromSeconds(60),
        };
        var started = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(node.StartAsync);
        var took = started.Elapsed;
        Assert.Contains("abaco.docker.dd", failure.Message);
        Assert.Contains(socket, failure.Message);
        output.WriteLine($"Docker socket unreachable at start: the node stopped {took.TotalSeconds:0.0} s after " +
                         "starting, naming abaco.docker.dd");
    }

    private static string Describe(JsonElement execution) =>
        $"{execution.GetProperty("status").GetString()} (exit code " +
        $"{(execution.TryGetProperty("exit_code", out var code) ? code.GetRawText() : "none")}, " +
        $"\"{(execution.TryGetProperty("status_message", out var message) ? message.GetString() : "")}\")";
}
