using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>Images: present locally, or pulled (bounded by the pull timeout).</summary>
public sealed partial class DockerContainerRuntime
{
    public async Task EnsureImageAsync(string image, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (await ImageExistsAsync(image, ct))
        {
            return;
        }
        await PullAsync(image, ct);
        if (!await ImageExistsAsync(image, ct))
        {
            throw new ImageUnavailableException(image, "the pull finished but the image is still not there");
        }
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        try
        {
            await BoundedAsync(_options.StartTimeout, ct,
                token => _client.Images.InspectImageAsync(image, token),
                (reason, e) => new ContainerRuntimeException($"Could not inspect image '{image}': {reason}", e));
            return true;
        }
        catch (Exception e) when (DockerErrors.IsNotFound(e))
        {
            return false;
        }
        catch (DockerApiException e)
        {
            // e.g. an invalid reference: pulling would not help either
            throw new ImageUnavailableException(image, DockerErrors.Reason(e), e);
        }
    }

    private async Task PullAsync(string image, CancellationToken ct)
    {
        var (repository, tag) = ImageReference.Split(image);
        var progress = new PullProgress();
        try
        {
            await BoundedAsync(_options.PullTimeout, ct, async token =>
            {
                await _client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = repository, Tag = tag }, new AuthConfig(), progress, token);
                return true;
            }, (reason, e) => new ImageUnavailableException(image, reason, e));
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Reason(e), e);
        }
        if (progress.Error is { } error)
        {
            throw new ImageUnavailableException(image, error);
        }
    }
}
