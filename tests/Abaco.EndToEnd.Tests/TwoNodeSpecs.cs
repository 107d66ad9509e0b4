using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Abaco.Testing;
using Abaco.Testing.Servers;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Issue #5 "why": a second node shares state only through PostgreSQL and Redis. Two nodes with every role, one
/// cluster, one database and key prefix: what is registered, sent or run through one is seen through the other.
/// </summary>
[Trait("Category", "OwnServers")]
public sealed class TwoNodeSpecs : IAsyncLifetime
{
    private AbacoNode _first = null!;
    private AbacoNode _second = null!;

    public async Task InitializeAsync()
    {
        var stores = AbacoNode.ProductionStoreConfig(await (await SharedServers.Postgres).CreateDatabaseAsync(),
            (await SharedServers.Redis).Configuration, RedisServer.UniquePrefix());
        var port = FreePort();
        _first = new AbacoNode($"{stores}\nabaco.node.port = {port}");
        await _first.StartAsync();
        _second = new AbacoNode($"{stores}\nabaco.node.seed_nodes = [\"akka.tcp://abaco@127.0.0.1:{port}\"]");
        await _second.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact(DisplayName = "Two nodes on one PostgreSQL and Redis: an actor registered through one is listed, messaged and read through the other")]
    public async Task Nodes_share_one_state()
    {
        using var first = new AbacoClient(_first.BaseUrl);
        using var second = new AbacoClient(_second.BaseUrl);

        var actorId = await first.CreateActorAsync(new { image = "abaco/test-busybox", name = "shared" });
        Assert.Contains(Ids((await second.GetAsync("/actors")).Result), id => id == actorId);

        var viaSecond = await second.SendAsync(actorId, "sent through the second node");
        var viaFirst = await first.SendAsync(actorId, "sent through the first node");

        await first.WaitCompleteAsync(actorId, viaSecond);
        await second.WaitCompleteAsync(actorId, viaFirst);
        Assert.Contains("Contents of MSG: sent through the second node", await first.LogsAsync(actorId, viaSecond));
        Assert.Contains("Contents of MSG: sent through the first node", await second.LogsAsync(actorId, viaFirst));
        var listedBySecond = Ids((await second.GetAsync($"/actors/{actorId}/executions")).Result.GetProperty("executions"));
        Assert.Equal(new[] { viaFirst, viaSecond }.Order(StringComparer.Ordinal), listedBySecond.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Ids(JsonElement list) =>
        list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

    private static int FreePort() => Abaco.Testing.Ports.Free();
}
