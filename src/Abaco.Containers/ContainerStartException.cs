namespace Abaco.Containers;

/// <summary>Creating or starting a container failed; the message carries the daemon's reason.</summary>
public sealed class ContainerStartException : ContainerRuntimeException
{
    public ContainerStartException(string containerName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ContainerName = containerName;
    }

    public string ContainerName { get; }
}
