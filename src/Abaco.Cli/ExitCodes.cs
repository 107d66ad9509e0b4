namespace Abaco.Cli;

/// <summary>
/// What <c>abaco</c> exits with, so scripts can tell "Abaco said no" from "could not ask" from "took too long".
/// <c>abaco run</c> exits with the container's own exit code once the execution has finished.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Abaco refused the request (HTTP 4xx: not found, not allowed, invalid).</summary>
    public const int Refused = 1;
    /// <summary>The command line (or a profile, or a file it names) cannot be understood.</summary>
    public const int Usage = 2;
    /// <summary>Abaco could not be reached, did not answer in time, or failed (HTTP 5xx, not an envelope).</summary>
    public const int Unreachable = 3;
    /// <summary>A wait (<c>wait</c>, <c>run</c>, <c>logs --follow</c>) passed its <c>--timeout</c>.</summary>
    public const int Timeout = 4;
    /// <summary>The awaited execution ended in ERROR (its container never ran to an exit code).</summary>
    public const int ExecutionFailed = 5;
    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
