using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Abaco.Testing;
using TestDocker = Abaco.Testing.Docker;

namespace Abaco.Node.Tests;

/// <summary>
/// A spawner-only process holds no entities and runs the containers of entities living on another node; its workers
/// and containers carry the host id it created in its own data directory.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class SpawnerOnlySpecs
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(90);

    [Fact(DisplayName = "A message posted to an api+core node runs on a spawner-only node, labelled with its own host id")]
    public async Task RunsAnotherNodesEntities()
    {
        await using var main = await NodeProcess.StartAsync(["--roles", "api,core"],
            "abaco.docker.dd = \"unix:///nonexistent/docker.sock\"");
        var seed = await main.ClusterAddressAsync();
        await using var spawner = await NodeProcess.StartAsync(["--roles", "spawner"],
            $"abaco.node.seed_nodes = [\"{seed}\"]");
        var hostId = (await File.ReadAllTextAsync(Path.Combine(spawner.DataDir, HostIdentity.FileName))).Trim();
        try
        {
            await main.WaitReadyAsync();
            await spawner.WaitReadyAsync();
            using var http = main.Http();

            var actor = await ResultAsync(await http.PostAsJsonAsync("/actors",
                new Dictionary<string, object> { ["image"] = "abaco/test-busybox" }));
            var id = actor["id"]!.GetValue<string>();
            var accepted = await ResultAsync(await http.PostAsync($"/actors/{id}/messages",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "from afar" })));
            var execution = accepted["execution_id"]!.GetValue<string>();

            await Eventually.TrueAsync(async () =>
                (await ResultAsync(await http.GetAsync($"/actors/{id}/executions/{execution}")))["status"]!
                .GetValue<string>() is "COMPLETE", RunDeadline, $"the execution to complete; the spawner printed:\n{spawner.Output}");
            var workers = (await ResultAsync(await http.GetAsync($"/actors/{id}/workers"))).AsArray();
            Assert.Equal(hostId, Assert.Single(workers)!["host_id"]!.GetValue<string>());
            // Two nodes of one machine, two ids: each starts up clearing only its own.
            Assert.NotEqual(hostId, (await File.ReadAllTextAsync(Path.Combine(main.DataDir, HostIdentity.FileName))).Trim());
        }
        finally
        {
            await TestDocker.RemoveContainersAsync($"abaco.host_id={hostId}");
        }
    }

    private static async Task<JsonNode> ResultAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["result"]!;
    }
}
