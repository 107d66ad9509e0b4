using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary><c>workers.leave_containers = true</c>: finished containers stay for an operator to inspect.</summary>
public sealed class LeaveContainersSpecs(LeaveContainersNodeFixture fixture) : IClassFixture<LeaveContainersNodeFixture>
{
    [Fact(DisplayName = "With workers.leave_containers the finished container is kept, exited, with its labels")]
    public async Task Finished_container_is_kept()
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var first = await client.SendAsync(actorId, "keep me");
        var second = await client.SendAsync(actorId, "and me");
        await client.WaitCompleteAsync(actorId, first);
        await client.WaitCompleteAsync(actorId, second);

        // A whole second run has passed since the first container exited: it would long be gone if removed.
        Assert.Single(await Docker.ContainerIdsAsync($"abaco.execution_id={first}"));
        Assert.Equal(2, (await Docker.ContainerIdsAsync($"abaco.actor_dbid=dev_staging_{actorId}")).Length);
    }
}
