namespace Abaco.Containers;

/// <summary>What a container of an image runs when nothing overrides it: its ENTRYPOINT, then its CMD.</summary>
public static class ImageCommand
{
    /// <summary>
    /// Docker's rule: the entrypoint's words followed by the command's; either may be missing. (A shell-form
    /// ENTRYPOINT/CMD is stored already expanded to <c>/bin/sh -c "..."</c>.)
    /// </summary>
    public static IReadOnlyList<string> Of(IEnumerable<string>? entrypoint, IEnumerable<string>? cmd) =>
        [.. entrypoint ?? [], .. cmd ?? []];
}
