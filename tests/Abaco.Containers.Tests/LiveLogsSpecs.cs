using System.Collections.Concurrent;

namespace Abaco.Containers.Tests;

[Collection(DockerCollection.Name)]
public sealed class LiveLogsSpecs(DockerFixture docker)
{
    [Fact(DisplayName = "The logs of a running container arrive while it runs, and following ends when it exits")]
    public async Task Logs_arrive_while_the_container_runs()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.SleepImage, new Dictionary<string, string> { ["SLEEP_SECONDS"] = "3" });
        var started = await docker.Runtime.StartAsync(spec, CancellationToken.None);
        var seen = new ConcurrentQueue<(string Text, DateTime At)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var following = docker.Runtime.FollowLogsAsync(started.ContainerId, text =>
        {
            seen.Enqueue((text, DateTime.UtcNow));
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(100), stop.Token);
        var outcome = await docker.Runtime.WaitAsync(started, null, CancellationToken.None);
        await following.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("sleeping 3\ndone sleeping\n", outcome.Logs);
        var early = Assert.Single(seen, s => s.Text == "sleeping 3\n");
        Assert.True(early.At < outcome.FinishTime.AddSeconds(-1),
            $"the first line arrived at {early.At:O}, the container finished at {outcome.FinishTime:O}");
        Assert.All(seen, s => Assert.StartsWith(s.Text, outcome.Logs, StringComparison.Ordinal));
    }
}
