namespace Abaco.Containers.Tests;

[Collection(DockerCollection.Name)]
public sealed class DockerTimeoutSpecs(DockerFixture docker)
{
    [Fact(DisplayName = "A start that outlives StartTimeout fails as a start error that says so")]
    public async Task Start_timeout_is_a_start_error()
    {
        await using var scope = new ContainerScope(docker);
        // A zero timeout runs out before the request is sent: a create still in flight at the daemon
        // would finish after the cleanup and leave a container behind, which only the janitor can catch.
        using var impatient = new DockerContainerRuntime(new DockerRuntimeOptions(
            DockerFixture.Endpoint, TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        var spec = scope.Spec(DockerFixture.BusyboxImage);

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => impatient.StartAsync(spec, CancellationToken.None));

        Assert.Contains("did not answer within 0 s", error.Message);
        Assert.False(await scope.ExistsAsync(spec.Name));
    }

    [Fact(DisplayName = "The caller's cancellation stays a cancellation, not a runtime error")]
    public async Task Caller_cancellation_is_not_a_failure()
    {
        await using var scope = new ContainerScope(docker);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => docker.Runtime.StartAsync(scope.Spec(DockerFixture.BusyboxImage), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => docker.Runtime.EnsureImageAsync(DockerFixture.BusyboxImage, cancelled.Token));
    }
}
