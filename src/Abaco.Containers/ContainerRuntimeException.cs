namespace Abaco.Containers;

/// <summary>A container operation failed; the message is meant for users and operators.</summary>
public class ContainerRuntimeException : Exception
{
    public ContainerRuntimeException(string message)
        : base(message)
    {
    }

    public ContainerRuntimeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
