namespace Abaco.Containers.Warm;

/// <summary>The runner could not start the image's command (not found, not executable...).</summary>
public sealed class WarmExecutionRefusedException(string reason) : Exception(reason);

/// <summary>The warm container stopped working (the runner is gone or hung up): it has to be replaced.</summary>
public sealed class WarmContainerBrokenException : Exception
{
    public WarmContainerBrokenException(string reason) : base(reason) { }

    public WarmContainerBrokenException(string reason, Exception inner) : base(reason, inner) { }
}
