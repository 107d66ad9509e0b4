using System.Text.Json;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;

namespace Abaco.Admin.Tests;

/// <summary>
/// The read verbs, drain and reconcile against three real node processes on loopback: a = api+core+spawner,
/// b and c = core+spawner. Every verb goes to a's command host, which asks the other nodes.
/// </summary>
public sealed class ClusterPaletteSpecs(PaletteCluster fixture) : IClassFixture<PaletteCluster>
{
    private ClusterFixture Fixture => fixture.Cluster;

    private ClusterNode A => Fixture["a"];

    [Fact(DisplayName = "The read verbs show the members, the sharding, the singletons, the nodes, the actors and their workers")]
    public async Task Read_verbs()
    {
        var show = await A.OkAsync("cluster", "show");
        Assert.All(Fixture.Nodes, n => Assert.Contains(n.Address, show));
        var members = (await A.JsonAsync("cluster", "show")).GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(3, members.Count(m => m.GetProperty("status").GetString() == "up"));
        Assert.Contains("leader: akka.tcp://abaco@127.0.0.1:", await A.OkAsync("cluster", "leader"));

        using var client = A.Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = "inspected" });
        await client.WaitCompleteAsync(actorId, await client.SendAsync(actorId, "hello admin"));

        var actors = await A.OkAsync("actors");
        Assert.Contains(actorId, actors);
        var inspection = await A.JsonAsync("actor", "inspect", actors.Split('\n').Single(l => l.Contains(actorId)).Split(' ')[0]);
        Assert.Equal("READY", inspection.GetProperty("status").GetString());
        Assert.True(inspection.GetProperty("sequenceNr").GetInt64() >= 3, inspection.ToString());
        Assert.Contains(inspection.GetProperty("node").GetString(), Fixture.Nodes.Select(n => n.Address));
        Assert.Contains("journal:   sequence number", await A.OkAsync("actor", "inspect",
            inspection.GetProperty("dbId").GetString()!));

        var shards = await A.JsonAsync("cluster", "sharding", "shard-stats");
        Assert.True(shards.EnumerateArray().Sum(s => s.GetProperty("entities").GetInt32()) >= 1, shards.ToString());
        Assert.Equal(3, (await A.JsonAsync("sharding", "region-stats")).GetArrayLength());
        Assert.Contains("abaco-actor", await A.OkAsync("cluster", "sharding", "regions"));
        var singleton = (await A.JsonAsync("singletons")).EnumerateArray().Single();
        Assert.Equal((A.Address, true), (singleton.GetProperty("address").GetString(), singleton.GetProperty("confirmed").GetBoolean()));

        var nodes = await A.JsonAsync("nodes");
        Assert.Equal(Fixture.Nodes.Select(n => n.HostId).Order(),
            nodes.EnumerateArray().Select(n => n.GetProperty("hostId").GetString()).Order());
        Assert.Contains(actorId, await A.OkAsync("workers"));
        Assert.NotEmpty(await A.OkAsync("log", "peek", "--lines", "5"));
    }

    [Fact(DisplayName = "Wrong addresses and unknown nodes give clear errors and exit codes 1 and 3")]
    public async Task Errors()
    {
        var unknown = await AdminRun.RunAsync(A.Admin(), "spawner", "drain", "127.0.0.1:1");
        Assert.Equal(ExitCodes.Failed, unknown.Code);
        Assert.Contains("No member 127.0.0.1:1 in the cluster", unknown.Err);

        var nobody = await AdminRun.RunAsync($"127.0.0.1:{Ports.Free()}", "cluster", "show");
        Assert.Equal(ExitCodes.Unreachable, nobody.Code);
        Assert.Contains("cannot reach the command host", nobody.Err);

        // The web port answers HTTP, but it is not a command host.
        var notAdmin = await AdminRun.RunAsync($"127.0.0.1:{A.WebPort}", "cluster", "show");
        Assert.Equal(ExitCodes.Unreachable, notAdmin.Code);
        Assert.Contains("is not an Abaco admin command host", notAdmin.Err);

        var badLevel = await AdminRun.RunAsync(A.Admin(), "log", "peek", "--level", "loud");
        Assert.Equal(ExitCodes.Failed, badLevel.Code);
        Assert.Contains("Unknown log level 'loud'", badLevel.Err);
        Assert.Equal(ExitCodes.Usage, (await AdminRun.RunAsync(A.Admin(), "cluster", "explode")).Code);
    }

    [Fact(DisplayName = "spawner drain: the running execution completes, new workers start on another node; undrain")]
    public async Task Drain()
    {
        using var client = A.Client();
        var slow = await client.CreateActorAsync(new
        {
            image = "abaco/test-sleep", name = "slow", default_environment = new { SLEEP_SECONDS = "10" },
        });
        var running = await client.SendAsync(slow, "sleep");
        await client.WaitStatusAsync(slow, running, ["RUNNING"]);
        var host = (await client.GetAsync($"/actors/{slow}/workers")).Body;
        var drained = Fixture.Nodes.Single(n => host.Contains(n.HostId));

        Assert.Contains("drained", await A.OkAsync("spawner", "drain", drained.HostId));
        var node = (await A.JsonAsync("nodes")).EnumerateArray().Single(n => n.GetProperty("hostId").GetString() == drained.HostId);
        Assert.True(node.GetProperty("spawners")[0].GetProperty("drained").GetBoolean());

        // An actor whose entity lives on the drained node itself: its requests too must reach the other spawners.
        var fresh = await ActorOnNodeAsync(client, drained);
        await client.WaitCompleteAsync(fresh, await client.SendAsync(fresh, "elsewhere"));
        var freshWorkers = (await client.GetAsync($"/actors/{fresh}/workers")).Body;
        Assert.DoesNotContain(drained.HostId, freshWorkers);
        Assert.Contains(Fixture.Nodes.Where(n => n != drained), n => freshWorkers.Contains(n.HostId));

        // The execution that was running on the drained node still ends COMPLETE.
        await client.WaitCompleteAsync(slow, running);
        Assert.Contains("accepting workers", await A.OkAsync("spawner", "undrain", drained.Address));
    }

    /// <summary>Registers actors until one's entity is placed on <paramref name="node"/> (shards spread over three nodes).</summary>
    private async Task<string> ActorOnNodeAsync(AbacoClient client, ClusterNode node)
    {
        for (var i = 0; i < 30; i++)
        {
            var id = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = $"fresh{i}" });
            var placed = (await A.JsonAsync("actors")).EnumerateArray().Any(a =>
                a.GetProperty("dbId").GetString()!.EndsWith(id, StringComparison.Ordinal) &&
                a.GetProperty("address").GetString() == node.Address);
            if (placed) return id;
        }
        throw new Xunit.Sdk.XunitException($"none of 30 actors was placed on {node.Address}");
    }

    [Fact(DisplayName = "reconcile removes a container labelled as Abaco's that no live worker owns (listed first by --dry-run)")]
    public async Task Reconcile()
    {
        var b = Fixture["b"];
        var worker = $"by-hand-{Guid.NewGuid():N}"[..16];
        var container = await AdminCluster.DockerRunAsync(new Dictionary<string, string>
        {
            ["abaco.host_id"] = b.HostId, ["abaco.worker_id"] = worker, ["abaco.actor_dbid"] = "DEV_gone",
        }, "abaco/test-sleep");
        try
        {
            var dry = await A.OkAsync("reconcile", "--dry-run");
            Assert.Contains("would remove", dry);
            Assert.Contains(container[..12], dry);
            Assert.NotEmpty(await Docker.ContainerIdsAsync($"abaco.worker_id={worker}"));

            var removed = await A.OkAsync("reconcile");
            Assert.Contains(container[..12], removed);
            Assert.Empty(await Docker.ContainerIdsAsync($"abaco.worker_id={worker}"));
        }
        finally
        {
            await Docker.RemoveContainersAsync($"abaco.worker_id={worker}");
        }
    }
}

/// <summary>The one cluster the palette specs share (started once for the class: about a minute here).</summary>
public sealed class PaletteCluster : IAsyncLifetime
{
    public ClusterFixture Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await ClusterFixture.StartAsync([new("a", "api", "core", "spawner"), new("b", "core", "spawner"),
            new("c", "core", "spawner")]);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
