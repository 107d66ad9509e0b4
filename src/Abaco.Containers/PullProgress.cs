using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>
/// Watches a pull's progress stream for errors: the daemon reports many pull failures inside a
/// successful HTTP response. Called synchronously (unlike Progress&lt;T&gt;), so nothing arrives late.
/// </summary>
internal sealed class PullProgress : IProgress<JSONMessage>
{
    public string? Error { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } message)
        {
            Error = message;
        }
    }
}
