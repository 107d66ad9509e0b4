using System.Net;
using System.Text.Json.Nodes;

namespace Abaco.Node.Tests;

/// <summary>
/// One binary, any set of roles: a process started with <c>--roles</c> carries only those, every node answers the
/// health routes on its web port, and only api nodes answer the rest of the API. Api and core nodes need no Docker
/// daemon (these nodes point at one that does not exist).
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class RoleSpecs
{
    private const string NoDocker = "abaco.docker.dd = \"unix:///nonexistent/docker.sock\"";

    [Fact(DisplayName = "A core-only node serves /healthz/live, /healthz/ready and /metrics and nothing else of the API")]
    public async Task CoreOnly()
    {
        await using var core = await NodeProcess.StartAsync(["--roles", "core"], NoDocker);
        await core.WaitReadyAsync();
        using var http = core.Http();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
        Assert.Contains("abaco_cluster_members{status=\"Up\"} 1", await http.GetStringAsync("/metrics"));
        var actors = await http.GetAsync("/actors");
        Assert.Equal(HttpStatusCode.NotFound, actors.StatusCode);
        Assert.Equal("error", JsonNode.Parse(await actors.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        Assert.Contains("started with roles [core]", core.Output);
        Assert.Contains("health checks only", core.Output);
    }

    [Fact(DisplayName = "An api-only node is not ready without a core node, says why, and serves once a core node joins")]
    public async Task ApiNeedsCore()
    {
        await using var api = await NodeProcess.StartAsync(["--roles=api"], $"{NoDocker}\nabaco.web.ask_timeout = 2s");
        using var http = api.Http();

        var alone = await http.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, alone.StatusCode);
        var message = JsonNode.Parse(await alone.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.StartsWith("Abaco is not ready:", message);

        var seed = await api.ClusterAddressAsync();
        await using var core = await NodeProcess.StartAsync(["--roles", "core"],
            $"{NoDocker}\nabaco.node.seed_nodes = [\"{seed}\"]");
        await api.WaitReadyAsync();
        var actors = await http.GetAsync("/actors");
        Assert.Equal(HttpStatusCode.OK, actors.StatusCode);
        Assert.Contains("started with roles [api]", api.Output);
    }

    [Fact(DisplayName = "The health routes of an all-role node keep answering 200 once it is ready (the single node)")]
    public async Task AllRoles()
    {
        await using var node = await NodeProcess.StartAsync([]);
        await node.WaitReadyAsync();
        using var http = node.Http();

        var ready = JsonNode.Parse(await http.GetStringAsync("/healthz/ready"))!;
        Assert.Equal("Abaco is ready.", ready["message"]!.GetValue<string>());
        Assert.Equal(["cluster-member-up", "shard-region-registered", "stores"],
            ready["result"]!["checks"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/actors")).StatusCode);
    }
}
