using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.1 "Case switch" on the newer routes: state, binary messages, workers and search in camel mode.</summary>
public sealed class ApiCamelSpecs(CamelNodeFixture fixture) : IClassFixture<CamelNodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    private static List<string> Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToList();

    [Fact(DisplayName = "In camel mode setting state answers a camelCase actor, and a binary message's answer has executionId")]
    public async Task State_and_binary_in_camel()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", stateless = false });

        var set = await _client.PostRawAsync($"/actors/{id}/state", """{"snake_key": {"innerKey": 1}}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("State updated successfully.", set.Message);
        var names = Names(set.Result);
        Assert.Contains("lastUpdateTime", names);
        Assert.Contains("defaultEnvironment", names);
        Assert.DoesNotContain("last_update_time", names);
        // Only top-level names are converted: the state is the client's own JSON.
        Assert.Equal(1, set.Result.GetProperty("state").GetProperty("snake_key").GetProperty("innerKey").GetInt32());

        var binary = await _client.PostBytesAsync($"/actors/{id}/messages", [1, 2, 3]);
        Assert.Equal(HttpStatusCode.OK, binary.Status);
        Assert.Equal("binary - omitted", binary.Result.GetProperty("msg").GetString());
        var executionId = binary.Result.GetProperty("executionId").GetString()!;
        Assert.Equal("COMPLETE", (await _client.WaitFinishedAsync(id, executionId)).GetProperty("status").GetString());
    }

    [Fact(DisplayName = "In camel mode workers and searches answer camelCase, and search keys may be given in camelCase")]
    public async Task Workers_and_search_in_camel()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var sent = await _client.PostJsonAsync($"/actors/{id}/messages", new { message = "camel search" });
        var executionId = sent.Result.GetProperty("executionId").GetString()!;
        await _client.WaitFinishedAsync(id, executionId);
        var worker = Assert.Single(await _client.WaitReadyWorkersAsync(id, 1));
        var workerNames = Names(worker);
        Assert.Contains("chName", workerNames);
        Assert.Contains("hostId", workerNames);
        Assert.Contains("lastExecutionTime", workerNames);
        Assert.DoesNotContain("ch_name", workerNames);

        var answer = await _client.GetAsync($"/actors/search/executions?actorId={id}&exitCode.gte=0");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var metadata = answer.Result.GetProperty("_metadata");
        Assert.Equal(["totalCount", "recordsSkipped", "recordLimit", "countReturned"], Names(metadata));
        Assert.Equal(1, metadata.GetProperty("totalCount").GetInt32());
        var found = Assert.Single(answer.Result.GetProperty("search").EnumerateArray());
        Assert.Equal(executionId, found.GetProperty("id").GetString());
        Assert.Equal(id, found.GetProperty("actorId").GetString());
        Assert.True(found.TryGetProperty("finalState", out _));
        Assert.True(found.TryGetProperty("_links", out _));

        var workers = await _client.GetAsync($"/actors/{id}/workers?status=READY");
        Assert.Equal(1, workers.Result.GetProperty("_metadata").GetProperty("countReturned").GetInt32());
        Assert.Equal(id, workers.Result.GetProperty("search")[0].GetProperty("actorId").GetString());
    }
}
