namespace Abaco.Containers.Tests;

public sealed class ParsingSpecs
{
    [Theory(DisplayName = "Image references split into repository and tag for the pull API")]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("abaco/test-busybox:1.2", "abaco/test-busybox", "1.2")]
    [InlineData("registry.local:5000/abaco/core", "registry.local:5000/abaco/core", "latest")]
    [InlineData("registry.local:5000/abaco/core:dev", "registry.local:5000/abaco/core", "dev")]
    [InlineData("abaco/core@sha256:abc", "abaco/core", "sha256:abc")]
    public void Image_references_split(string image, string repository, string tag) =>
        Assert.Equal((repository, tag), ImageReference.Split(image));

    [Fact(DisplayName = "Docker times with nanoseconds parse as UTC; the zero time is unknown")]
    public void Docker_times_parse()
    {
        var parsed = DockerContainerRuntime.ParseDockerTime("2024-05-06T07:08:09.123456789Z");

        Assert.NotNull(parsed);
        Assert.InRange(parsed.Value, new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), new DateTime(2024, 5, 6, 7, 8, 9, 124, DateTimeKind.Utc));
        Assert.Equal(DateTimeKind.Utc, parsed.Value.Kind);
        Assert.Null(DockerContainerRuntime.ParseDockerTime("0001-01-01T00:00:00Z"));
        Assert.Null(DockerContainerRuntime.ParseDockerTime(""));
        Assert.Null(DockerContainerRuntime.ParseDockerTime(null));
    }
}
