namespace Abaco.Containers.Tests;

[Collection(DockerCollection.Name)]
public sealed class StartFailureSpecs(DockerFixture docker)
{
    [Fact(DisplayName = "A missing image is reported with its name and no pull to speak of")]
    public async Task Missing_image_is_unavailable()
    {
        var image = $"abaco/no-such-image-{Guid.NewGuid():N}:latest";

        var error = await Assert.ThrowsAsync<ImageUnavailableException>(() => docker.Runtime.EnsureImageAsync(image, CancellationToken.None));

        Assert.Contains($"'{image}'", error.Message);
        Assert.Contains("could not be pulled", error.Message);
        Assert.Equal(image, error.Image);
    }

    [Fact(DisplayName = "A local image is found without pulling")]
    public async Task Local_image_is_ensured()
    {
        await docker.Runtime.EnsureImageAsync(DockerFixture.BusyboxImage, CancellationToken.None);
        await docker.Runtime.EnsureImageAsync("abaco/test-busybox", CancellationToken.None);
    }

    [Fact(DisplayName = "A relative bind path is refused before anything is created")]
    public async Task Relative_bind_is_refused()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage) with { Mounts = [new ContainerMount("does/not/exist", "/data", ReadOnly: true)] };

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => docker.Runtime.StartAsync(spec, CancellationToken.None));

        Assert.Contains("does/not/exist", error.Message);
        Assert.Equal(spec.Name, error.ContainerName);
        await AssertNothingLeftAsync(scope, spec);
    }

    [Fact(DisplayName = "An invalid user fails the start, with the daemon's reason, and the container is removed")]
    public async Task Invalid_user_fails_start_and_cleans_up()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage) with { User = "nosuchuser" };

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => docker.Runtime.StartAsync(spec, CancellationToken.None));

        Assert.Contains("Could not start container", error.Message);
        Assert.Contains("nosuchuser", error.Message);
        await AssertNothingLeftAsync(scope, spec);
    }

    [Fact(DisplayName = "Starting from an absent image fails the create, with the daemon's reason")]
    public async Task Absent_image_fails_create()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec($"abaco/no-such-image-{Guid.NewGuid():N}:latest");

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => docker.Runtime.StartAsync(spec, CancellationToken.None));

        Assert.Contains("Could not create container", error.Message);
        Assert.Contains("No such image", error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertNothingLeftAsync(scope, spec);
    }

    [Fact(DisplayName = "A name already in use fails the create and leaves the other container alone")]
    public async Task Name_conflict_leaves_the_owner_alone()
    {
        await using var scope = new ContainerScope(docker);
        var first = scope.Spec(DockerFixture.SleepImage);
        var owner = await docker.Runtime.StartAsync(first, CancellationToken.None);
        var second = first with { Image = DockerFixture.BusyboxImage };

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => docker.Runtime.StartAsync(second, CancellationToken.None));

        Assert.Contains("already in use", error.Message);
        Assert.True(await scope.ExistsAsync(owner.ContainerId));
    }

    private async Task AssertNothingLeftAsync(ContainerScope scope, ContainerSpec spec)
    {
        Assert.False(await scope.ExistsAsync(spec.Name));
        Assert.Empty(await docker.Runtime.ListAsync(spec.Labels, CancellationToken.None));
    }
}
