namespace Abaco.Containers.Tests;

public sealed class UnreachableDaemonSpecs : IDisposable
{
    private const string NoDaemon = "unix:///tmp/abaco-no-such-docker.sock";

    // A daemon that may be restarting is waited for this long (2 minutes in production).
    private readonly DockerContainerRuntime _runtime = new(new DockerRuntimeOptions(
        NoDaemon, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5))
    {
        DaemonAwayLimit = TimeSpan.FromSeconds(1),
    });

    [Fact(DisplayName = "An unreachable daemon is named in the error of every operation")]
    public async Task Unreachable_daemon_is_reported()
    {
        var spec = new ContainerSpec("abaco/test-busybox", "abaco-test-unreachable", new Dictionary<string, string>(),
            new Dictionary<string, string>(), [], null, null, null, false, null);

        var ensure = await Assert.ThrowsAsync<ContainerRuntimeException>(() => _runtime.EnsureImageAsync("abaco/test-busybox", CancellationToken.None));
        var start = await Assert.ThrowsAsync<ContainerStartException>(() => _runtime.StartAsync(spec, CancellationToken.None));
        var list = await Assert.ThrowsAsync<ContainerRuntimeException>(() => _runtime.ListAsync(spec.Labels, CancellationToken.None));
        var remove = await Assert.ThrowsAsync<ContainerRuntimeException>(() => _runtime.RemoveAsync("abc", CancellationToken.None));

        Assert.All(new[] { ensure, start, list, remove }, e => Assert.Contains($"{NoDaemon} is unreachable", e.Message));
    }

    [Fact(DisplayName = "Waiting without a daemon still returns an outcome, which says the daemon went away")]
    public async Task Wait_without_daemon_returns()
    {
        var started = new StartedContainer("0123456789ab", "abaco-test-unreachable", DateTime.UtcNow);

        var outcome = await _runtime.WaitAsync(started, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(outcome.ExitCode);
        Assert.Null(outcome.FinalState);
        Assert.Equal("", outcome.Logs);
        Assert.Contains($"The Docker daemon at {NoDaemon} went away", outcome.DaemonLost);
    }

    public void Dispose() => _runtime.Dispose();
}
