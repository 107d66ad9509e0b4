using System.Text.RegularExpressions;

namespace Abaco.Testing;

public sealed partial class AbacoNode
{
    /// <summary>
    /// <c>host:port</c> of the node's admin command host (tests bind it to a free port; the node logs the one it got),
    /// or null before it listens.
    /// </summary>
    public string? AdminEndpoint => AdminListening().Matches(Output) is { Count: > 0 } found
        ? found[^1].Groups[1].Value
        : null;

    [GeneratedRegex(@"Admin command host listening on http://([^\s\x22]+)")]
    private static partial Regex AdminListening();
}
