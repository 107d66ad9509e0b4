using Abaco.Containers;
using Abaco.Core.Settings;

namespace Abaco.Node.Tests;

/// <summary>A spawner node checks its Docker daemon at start (the daemon runs here: scripts/ensure-deps.sh).</summary>
public sealed class DockerProbeSpecs
{
    private static async Task<string?> ProbeAsync(string endpoint)
    {
        var settings = AbacoSettings.Defaults with { Docker = AbacoSettings.Defaults.Docker with { Dd = endpoint } };
        using var runtime = new DockerContainerRuntime(new DockerRuntimeOptions(endpoint, TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));
        return await DockerProbe.ProblemAsync(runtime, settings);
    }

    [Fact(DisplayName = "A daemon endpoint that does not exist is a problem naming abaco.docker.dd and the endpoint")]
    public async Task MissingDaemon()
    {
        var problem = await ProbeAsync("unix:///tmp/nonexistent.sock");

        Assert.NotNull(problem);
        Assert.Contains("abaco.docker.dd", problem);
        Assert.Contains("unix:///tmp/nonexistent.sock", problem);
    }

    [Fact(DisplayName = "The real daemon at unix:///var/run/docker.sock is no problem")]
    public async Task RealDaemon() => Assert.Null(await ProbeAsync("unix:///var/run/docker.sock"));
}
