using Abaco.Core.Executions;
using Docker.DotNet;

namespace Abaco.Containers;

/// <summary>What warm workers read of images and of their long-lived containers.</summary>
public sealed partial class DockerContainerRuntime : IWarmContainers
{
    public async Task<IReadOnlyList<string>> ImageCommandAsync(string image, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        try
        {
            var inspected = await BoundedAsync(_options.StartTimeout, ct,
                token => _client.Images.InspectImageAsync(image, token),
                (reason, e) => new ContainerRuntimeException($"Could not inspect image '{image}': {reason}", e));
            var config = inspected.Config;
            return ImageCommand.Of(config?.Entrypoint, config?.Cmd);
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Reason(e), e);
        }
    }

    public Task<FinalState?> StateAsync(string containerId) => InspectStateAsync(containerId);

    public long? OomKills(string containerId) => _cgroups.ReadOomKills(containerId);
}
