namespace Abaco.Containers;

/// <summary>Splits an image reference for the pull API, which pulls every tag when none is given.</summary>
internal static class ImageReference
{
    /// <summary>"repo[:tag]" or "repo@digest" → (repository, tag or digest); the tag defaults to "latest".</summary>
    public static (string Repository, string Tag) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }
        // A colon before the last slash belongs to a registry host:port, not to a tag.
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
