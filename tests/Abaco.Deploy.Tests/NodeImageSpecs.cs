using System.Diagnostics;
using System.Net;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>
/// The node image (abaco/core, docker/Dockerfile) as an operator runs it: not as root, healthy by its own
/// HEALTHCHECK, running actor containers through the mounted Docker socket, and stopping cleanly on SIGTERM.
/// </summary>
public sealed class NodeImageSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    [Fact(DisplayName = "The node image runs as uid 10001, turns healthy, runs a message's container through the socket and exits 0 on SIGTERM")]
    public async Task Node_image_runs_and_stops_cleanly()
    {
        await DeployImages.EnsureBuiltAsync();
        await using var node = await NodeContainer.RunAsync();
        try
        {
            var started = Stopwatch.StartNew();
            await Eventually.TrueAsync(async () => await node.StatusOfAsync("/healthz/ready") == HttpStatusCode.OK,
                ReadyDeadline, "/healthz/ready of the node container to answer 200");
            output.WriteLine($"ready {started.Elapsed.TotalSeconds:0.0} s after docker run");
            Assert.Equal("10001", await node.ExecAsync("id", "-u"));

            using var client = new AbacoClient(node.BaseUrl);
            var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = "in-image" });
            var executionId = await client.SendAsync(actorId, "from the image");
            await client.WaitCompleteAsync(actorId, executionId);
            Assert.Contains("Contents of MSG: from the image", await client.LogsAsync(actorId, executionId));

            // Docker's own view, from the image's HEALTHCHECK (its first probe runs one interval after start).
            await Eventually.TrueAsync(async () => await node.InspectAsync("{{.State.Health.Status}}") == "healthy",
                ReadyDeadline, "docker to report the container healthy", poll: TimeSpan.FromSeconds(1));

            var stopping = Stopwatch.StartNew();
            await node.StopAsync(StopGrace);
            output.WriteLine($"stopped {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM");
            // 0, not 137: the node handled SIGTERM and exited by itself within the grace, before docker's SIGKILL.
            Assert.Equal("0", await node.InspectAsync("{{.State.ExitCode}}"));
            Assert.Empty(await Docker.ContainerIdsAsync($"abaco.host_id={node.HostId}"));
        }
        catch
        {
            output.WriteLine(await node.LogsAsync());
            throw;
        }
    }
}
