using System.Diagnostics;
using Docker.DotNet.Models;

namespace Abaco.Containers.Tests;

[Collection(DockerCollection.Name)]
public sealed class StoppingContainersSpecs(DockerFixture docker)
{
    private static readonly Dictionary<string, string> SleepLong = new() { ["SLEEP_SECONDS"] = "60" };

    [Fact(DisplayName = "maxRunTime stops a long run and keeps its partial logs")]
    public async Task Max_run_time_stops_the_container()
    {
        await using var scope = new ContainerScope(docker);
        var clock = Stopwatch.StartNew();

        var outcome = await scope.RunAsync(scope.Spec(DockerFixture.SleepImage, SleepLong), maxRunTime: TimeSpan.FromSeconds(1.5));

        Assert.True(outcome.StoppedByAbaco);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(20));
        Assert.Contains("sleeping 60\n", outcome.Logs);
        Assert.DoesNotContain("done sleeping", outcome.Logs);
        Assert.False(outcome.FinalState?.Running);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.True(outcome.FinishTime - outcome.StartTime >= TimeSpan.FromSeconds(1.4));
    }

    [Fact(DisplayName = "Cancelling halt stops a running container and keeps its partial logs")]
    public async Task Halt_stops_the_container()
    {
        await using var scope = new ContainerScope(docker);
        using var halt = new CancellationTokenSource();
        var started = await docker.Runtime.StartAsync(scope.Spec(DockerFixture.SleepImage, SleepLong), CancellationToken.None);
        var waiting = docker.Runtime.WaitAsync(started, maxRunTime: null, halt.Token);

        await Eventually.TrueAsync(() => LogsContainAsync(started.ContainerId, "sleeping 60"), TimeSpan.FromSeconds(15),
            "the sleep image announced itself");
        Assert.False(waiting.IsCompleted);
        await halt.CancelAsync();
        var outcome = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(outcome.StoppedByAbaco);
        Assert.Contains("sleeping 60\n", outcome.Logs);
        Assert.DoesNotContain("done sleeping", outcome.Logs);
        Assert.Equal("exited", outcome.FinalState?.Status);
        Assert.NotEqual(0, outcome.ExitCode);
    }

    [Fact(DisplayName = "A run that ends before maxRunTime is not reported as stopped")]
    public async Task Short_run_is_not_stopped()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.SleepImage, new Dictionary<string, string> { ["SLEEP_SECONDS"] = "0" });

        var outcome = await scope.RunAsync(spec, maxRunTime: TimeSpan.FromSeconds(30));

        Assert.False(outcome.StoppedByAbaco);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("done sleeping", outcome.Logs);
    }

    [Fact(DisplayName = "A container that vanished gives no exit code and no final state, without throwing")]
    public async Task Vanished_container_is_reported_as_unknown()
    {
        await using var scope = new ContainerScope(docker);
        var started = await docker.Runtime.StartAsync(scope.Spec(DockerFixture.SleepImage, SleepLong), CancellationToken.None);
        await docker.Client.Containers.RemoveContainerAsync(started.ContainerId, new ContainerRemoveParameters { Force = true });

        var outcome = await docker.Runtime.WaitAsync(started, null, CancellationToken.None);

        Assert.Null(outcome.ExitCode);
        Assert.Null(outcome.FinalState);
        Assert.False(outcome.StoppedByAbaco);
        Assert.True(outcome.FinishTime >= outcome.StartTime);
    }

    private async Task<bool> LogsContainAsync(string containerId, string text)
    {
        using var logs = await docker.Client.Containers.GetContainerLogsAsync(
            containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        return stdout.Contains(text, StringComparison.Ordinal) || stderr.Contains(text, StringComparison.Ordinal);
    }
}
