namespace Abaco.Containers;

/// <summary>The image is not present locally and could not be pulled.</summary>
public sealed class ImageUnavailableException : ContainerRuntimeException
{
    public ImageUnavailableException(string image, string reason, Exception? innerException = null)
        : base($"Image '{image}' was not found locally and could not be pulled: {reason}", innerException)
    {
        Image = image;
    }

    public string Image { get; }
}
