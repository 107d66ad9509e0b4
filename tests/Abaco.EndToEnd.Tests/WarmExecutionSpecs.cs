using System.Diagnostics;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// What only warm actors do (docs/warm-execution.md); the execution contract itself is specified in both modes by the
/// theories over <see cref="ExecutionModes"/>.
/// </summary>
public sealed class WarmExecutionSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(45);

    private readonly AbacoClient _client = fixture.Client();

    private static string ActorLabel(string actorId) => $"abaco.actor_dbid=dev_staging_{actorId}";

    [Fact(DisplayName = "Warm: an actor's messages run in one container kept between them, none of its own per message; deleting the actor removes it")]
    public async Task One_container_serves_every_message()
    {
        var actorId = await _client.CreateActorAsync(new { image = "abaco/test-busybox", hints = new[] { "warm" } });
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await _client.SendAsync(actorId, $"warm {i}"));
        foreach (var id in ids) await _client.WaitCompleteAsync(actorId, id);

        var containers = await Docker.ContainerIdsAsync(ActorLabel(actorId));
        Assert.Single(containers);
        foreach (var id in ids) Assert.Empty(await Docker.ContainerIdsAsync($"abaco.execution_id={id}"));
        var worker = Assert.Single((await _client.GetAsync($"/actors/{actorId}/workers")).Result.EnumerateArray());
        Assert.StartsWith(containers[0], worker.GetProperty("cid").GetString()!, StringComparison.Ordinal);

        await _client.DeleteAsync($"/actors/{actorId}");
        await Eventually.TrueAsync(async () => (await Docker.ContainerIdsAsync(ActorLabel(actorId))).Length == 0,
            TimeSpan.FromSeconds(30), "the warm container to be removed with its actor");
    }

    [Fact(DisplayName = "Warm: an image whose command cannot be executed fails the execution with ERROR naming the command and why")]
    public async Task Image_command_that_cannot_run_is_reported()
    {
        const string image = "abaco/test-warm-badcmd";
        await BuildImageAsync(image, "FROM abaco/test-busybox\nCMD [\"/no/such/program\"]\n");
        var actorId = await _client.CreateActorAsync(new { image, hints = new[] { "warm" } });
        var executionId = await _client.SendAsync(actorId, "try me");

        var execution = await _client.WaitFinishedAsync(actorId, executionId, Quickly);

        Assert.Equal("ERROR", execution.GetProperty("status").GetString());
        var message = execution.GetProperty("status_message").GetString()!;
        Assert.Contains("/no/such/program", message);
        Assert.Contains("No such file or directory", message);
    }

    [Fact(DisplayName = "Warm: when the container breaks under a running execution, that execution ends ERROR with the reason and the next one runs in a new container")]
    public async Task Broken_container_is_replaced()
    {
        var actorId = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "sleep", SLEEP_SECONDS = "60" },
            hints = new[] { "warm" },
        });
        var running = await _client.SendAsync(actorId, "sleep");
        await _client.WaitStatusAsync(actorId, running, ["RUNNING"]);
        var broken = Assert.Single(await Docker.ContainerIdsAsync(ActorLabel(actorId)));

        await DockerAsync("kill", broken);

        var execution = await _client.WaitFinishedAsync(actorId, running, Quickly);
        Assert.Equal("ERROR", execution.GetProperty("status").GetString());
        Assert.Contains("warm container", execution.GetProperty("status_message").GetString());
        var next = await _client.SendJsonAsync(actorId, new { seconds = 0 });
        Assert.Equal("COMPLETE", (await _client.WaitCompleteAsync(actorId, next)).GetProperty("status").GetString());
        var replacement = Assert.Single(await Docker.ContainerIdsAsync(ActorLabel(actorId)));
        Assert.NotEqual(broken, replacement);
    }

    private static Task BuildImageAsync(string tag, string dockerfile) =>
        DockerAsync(["build", "-q", "-t", tag, "-"], dockerfile);

    private static Task DockerAsync(params string[] args) => DockerAsync(args, null);

    private static async Task DockerAsync(string[] args, string? input)
    {
        var info = new ProcessStartInfo("docker", args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(process.ExitCode == 0, $"docker {string.Join(' ', args)}: {await errors}{await output}");
    }
}
