using System.Text.Json;
using Xunit;

namespace Abaco.Admin.Tests;

/// <summary>What an operator reads: the human tables made from the command host's JSON.</summary>
public sealed class RenderingSpecs
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact(DisplayName = "cluster show: one aligned row per member, the leader, this node, the oldest per role")]
    public void Cluster_show()
    {
        var text = Renderers.ClusterShow(Json("""
            {"self":"akka.tcp://abaco@10.0.0.5:4053","leader":"akka.tcp://abaco@10.0.0.5:4053",
             "oldestPerRole":{"core":"akka.tcp://abaco@10.0.0.5:4053"},
             "members":[
               {"address":"akka.tcp://abaco@10.0.0.5:4053","status":"up","roles":["api","core"],"reachable":true,
                "appVersion":"1.0.0","isLeader":true,"isSelf":true},
               {"address":"akka.tcp://abaco@10.0.0.16:4053","status":"leaving","roles":["spawner"],"reachable":false,
                "appVersion":"1.0.0","isLeader":false,"isSelf":false}]}
            """));
        var lines = text.Split('\n');
        Assert.Equal("ADDRESS                          STATUS   REACHABLE  ROLES     VERSION  LEADER", lines[0]);
        Assert.Equal("akka.tcp://abaco@10.0.0.5:4053   up       yes        api,core  1.0.0    leader  (this node)", lines[1]);
        Assert.Equal("akka.tcp://abaco@10.0.0.16:4053  leaving  no         spawner   1.0.0", lines[2]);
        Assert.Contains("leader: akka.tcp://abaco@10.0.0.5:4053", text);
        Assert.Contains("oldest core: akka.tcp://abaco@10.0.0.5:4053", text);
    }

    [Fact(DisplayName = "reconcile --dry-run says what it would remove; an empty table says (none)")]
    public void Reconcile_and_empty()
    {
        var text = Renderers.Reconcile(Json("""
            {"dryRun":true,"containers":[{"id":"0123456789abcdef","name":"left","workerId":"w1","actorDbId":"DEV_a",
             "state":"running"}],"workerRecords":[],"problems":["n2: daemon gone"]}
            """));
        Assert.StartsWith("would remove 1 container(s) and 0 worker record(s)\n", text);
        Assert.Contains("0123456789ab  left  w1      DEV_a  running", text);
        Assert.EndsWith("problem: n2: daemon gone\n", text);
        Assert.Equal("WORKER  ACTOR  STATUS  HOST ID  CONTAINER  LIVE\n(none)\n", Renderers.Workers(Json("[]")));
    }

    [Fact(DisplayName = "actor inspect: node, journal position, queue, workers and the last error")]
    public void Inspect()
    {
        var text = Renderers.Inspect(Json("""
            {"dbId":"DEV_a","exists":true,"behaviour":"Active","status":"ERROR","node":"akka.tcp://abaco@h:1",
             "sequenceNr":42,"pending":3,"running":[],"workers":[{"id":"w1","status":"READY","hostId":"h1",
             "node":"akka.tcp://abaco@h:2","containerId":"","execution":null}],"lastError":"image not found"}
            """));
        Assert.Contains("journal:   sequence number 42", text);
        Assert.Contains("queued:    3 message(s)", text);
        Assert.Contains("last error: image not found", text);
        Assert.Contains("w1      READY   h1       akka.tcp://abaco@h:2", text);
    }
}
