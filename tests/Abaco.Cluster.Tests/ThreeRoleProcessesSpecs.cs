using System.Diagnostics;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// The smallest split cluster: the api, core and spawner roles each in a process of its own. A message posted to the
/// api process reaches the entity on the core process and runs in a container started by the spawner process.
/// </summary>
public sealed class ThreeRoleProcessesSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        _cluster = await ClusterFixture.StartAsync([new("api", "api"), new("core", "core"), new("spawner", "spawner")]);
        output.WriteLine($"3 role processes ready in {started.Elapsed.TotalSeconds:0.0} s");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(DisplayName = "api, core and spawner in three processes: a message posted to the api process runs in a container of the spawner process")]
    public async Task A_message_crosses_three_processes()
    {
        using var client = _cluster["api"].Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = "split" });
        var sent = Stopwatch.StartNew();
        var executionId = await client.SendAsync(actorId, "through three processes");

        await client.WaitCompleteAsync(actorId, executionId);
        output.WriteLine($"first message complete {sent.Elapsed.TotalSeconds:0.0} s after it was posted");
        Assert.Contains("Contents of MSG: through three processes", await client.LogsAsync(actorId, executionId));
        var containers = await Docker.ContainerIdsAsync($"abaco.host_id={_cluster["spawner"].HostId}");
        Assert.Empty(containers);
        Assert.Contains(_cluster["spawner"].HostId, (await client.GetAsync($"/actors/{actorId}/workers")).Body);
    }
}
