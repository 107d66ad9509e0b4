namespace Abaco.Containers.Tests;

[Collection(DockerCollection.Name)]
public sealed class ListAndRemoveSpecs(DockerFixture docker)
{
    [Fact(DisplayName = "Labels are set and ListAsync finds the container by every given label")]
    public async Task List_finds_by_labels()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.SleepImage) with
        {
            Labels = new Dictionary<string, string> { ["abaco.test"] = scope.RunId, ["abaco.worker_id"] = "w1" },
        };
        var started = await docker.Runtime.StartAsync(spec, CancellationToken.None);

        var found = await docker.Runtime.ListAsync(spec.Labels, CancellationToken.None);
        var byOne = await docker.Runtime.ListAsync(new Dictionary<string, string> { ["abaco.test"] = scope.RunId }, CancellationToken.None);
        var wrongValue = await docker.Runtime.ListAsync(
            new Dictionary<string, string> { ["abaco.test"] = scope.RunId, ["abaco.worker_id"] = "w2" }, CancellationToken.None);

        var container = Assert.Single(found);
        Assert.Equal(started.ContainerId, container.ContainerId);
        Assert.Equal(spec.Name, container.Name);
        Assert.Equal("w1", container.Labels["abaco.worker_id"]);
        Assert.Equal("running", container.State);
        Assert.Single(byOne);
        Assert.Empty(wrongValue);
    }

    [Fact(DisplayName = "ListAsync also finds containers that have exited")]
    public async Task List_finds_exited_containers()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage);
        await scope.RunAsync(spec);

        var container = Assert.Single(await docker.Runtime.ListAsync(spec.Labels, CancellationToken.None));

        Assert.Equal("exited", container.State);
    }

    [Fact(DisplayName = "RemoveAsync removes a running container and is idempotent")]
    public async Task Remove_is_forceful_and_idempotent()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.SleepImage);
        var started = await docker.Runtime.StartAsync(spec, CancellationToken.None);

        await docker.Runtime.RemoveAsync(started.ContainerId, CancellationToken.None);
        await docker.Runtime.RemoveAsync(started.ContainerId, CancellationToken.None);

        Assert.False(await scope.ExistsAsync(started.ContainerId));
        Assert.Empty(await docker.Runtime.ListAsync(spec.Labels, CancellationToken.None));
    }

    [Fact(DisplayName = "RemoveAsync of a container that never existed succeeds")]
    public async Task Remove_of_unknown_container_succeeds()
    {
        await docker.Runtime.RemoveAsync($"abaco-test-never-{Guid.NewGuid():N}", CancellationToken.None);
    }
}
