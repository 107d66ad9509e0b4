using Abaco.Containers;
using Abaco.Core.Settings;

namespace Abaco.Node;

/// <summary>A spawner node without a Docker daemon cannot do anything useful: say so at start, not at the first message.</summary>
public static class DockerProbe
{
    public static async Task<string?> ProblemAsync(IContainerRuntime runtime, AbacoSettings settings)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await runtime.ListAsync(new Dictionary<string, string> { ["abaco.managed"] = "true" }, timeout.Token);
            return null;
        }
        catch (Exception e)
        {
            return $"the Docker daemon at {settings.Docker.Dd} (abaco.docker.dd) is not reachable: " +
                   $"{e.GetBaseException().Message}. Start it (e.g. `dockerd &` as root) or point abaco.docker.dd elsewhere.";
        }
    }
}
