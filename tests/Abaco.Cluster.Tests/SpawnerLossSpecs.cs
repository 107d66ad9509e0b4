using System.Diagnostics;
using System.Text.Json;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>
/// Scenario 4: a spawner node dies (kill -9) with an execution running on it. The execution ends ERROR naming the lost
/// node (host id and address), the next message runs on the other spawner, the survivors remove the dead node's worker
/// records, and the dead node, restarted, removes the containers its previous process left.
/// </summary>
public sealed class SpawnerLossSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NodeLossDeadline = TimeSpan.FromSeconds(90);

    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartAsync(
            [new("core", "api", "core"), new("s1", "spawner"), new("s2", "spawner")],
            ClusterTuning.DowningAfter(StableAfter));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(DisplayName = "kill -9 of a spawner node: its execution ends ERROR naming the node, the next message runs on the other spawner, its records go, and restarted it removes its leftover containers")]
    public async Task Spawner_node_lost_while_running()
    {
        using var client = _cluster["core"].Client();
        var actorId = await client.CreateActorAsync(new
        {
            image = "abaco/test-sleep",
            default_environment = new { SLEEP_SECONDS = "600" },
        });
        var running = await client.SendAsync(actorId, "runs on the node that dies");
        var execution = await client.WaitStatusAsync(actorId, running, ["RUNNING"]);
        var victim = await NodeOfWorkerAsync(client, actorId, execution.GetProperty("worker_id").GetString()!);
        var survivor = _cluster.WithRole("spawner").Single(n => n != victim);
        Assert.NotEmpty(await Docker.ContainerIdsAsync($"abaco.host_id={victim.HostId}"));
        output.WriteLine($"execution {running} runs on {victim}");

        await victim.KillAsync();
        var clock = Stopwatch.StartNew();
        var next = await client.SendAsync(actorId, "runs on the survivor", "?SLEEP_SECONDS=5");

        var lost = await client.WaitStatusAsync(actorId, running, ["ERROR", "COMPLETE"], NodeLossDeadline);
        output.WriteLine($"execution ended {lost.GetProperty("status").GetString()} {clock.Elapsed.TotalSeconds:0.0} s after kill -9");
        Assert.Equal("ERROR", lost.GetProperty("status").GetString());
        var reason = lost.GetProperty("status_message").GetString()!;
        Assert.Contains(victim.HostId, reason);
        Assert.Contains(victim.Address, reason);

        var rerouted = await client.WaitStatusAsync(actorId, next, ["RUNNING", "COMPLETE", "ERROR"], NodeLossDeadline);
        Assert.Equal("RUNNING", rerouted.GetProperty("status").GetString());
        Assert.Same(survivor, await NodeOfWorkerAsync(client, actorId, rerouted.GetProperty("worker_id").GetString()!));
        output.WriteLine($"next message running on {survivor} {clock.Elapsed.TotalSeconds:0.0} s after kill -9");
        await client.WaitCompleteAsync(actorId, next);
        await Eventually.TrueAsync(async () => !(await WorkersAsync(client, actorId))
                .Any(w => w.GetProperty("host_id").GetString() == victim.HostId),
            NodeLossDeadline, "the dead node's worker records to be removed");

        await victim.StartAsync();
        await Eventually.TrueAsync(async () => (await Docker.ContainerIdsAsync($"abaco.host_id={victim.HostId}")).Length == 0,
            TimeSpan.FromSeconds(60), "the restarted node to remove its leftover containers");
        output.WriteLine($"restarted {victim} removed its leftovers {clock.Elapsed.TotalSeconds:0.0} s after kill -9");
    }

    private static async Task<List<JsonElement>> WorkersAsync(AbacoClient client, string actorId) =>
        (await client.GetAsync($"/actors/{actorId}/workers")).Result.EnumerateArray().ToList();

    private async Task<ClusterNode> NodeOfWorkerAsync(AbacoClient client, string actorId, string workerId)
    {
        var worker = (await WorkersAsync(client, actorId)).Single(w => w.GetProperty("id").GetString() == workerId);
        var hostId = worker.GetProperty("host_id").GetString();
        return _cluster.WithRole("spawner").Single(n => n.HostId == hostId);
    }
}
