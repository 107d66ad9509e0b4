using Abaco.Core.Executions;

namespace Abaco.Containers;

/// <summary>
/// What a warm worker needs of the container engine beyond <see cref="IContainerRuntime"/>: the image's own command
/// (run per execution by the runner), the state of a container that stopped answering, and its OOM kills.
/// </summary>
public interface IWarmContainers
{
    /// <summary>The image's entrypoint followed by its command (Docker's rules); empty when the image has neither.</summary>
    Task<IReadOnlyList<string>> ImageCommandAsync(string image, CancellationToken ct);

    /// <summary>The container's state; null when it is gone or Docker cannot say.</summary>
    Task<FinalState?> StateAsync(string containerId);

    /// <summary>How many processes of the running container the OOM killer has killed so far; null when unknown.</summary>
    long? OomKills(string containerId);
}
