using System.Net;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Search sees what the caller may READ, by the rule every other route uses: a permission entry at NONE lists
/// nothing, in the search routes and in list endpoints answering as searches.
/// </summary>
public sealed class SearchPermissionSpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    [Fact(DisplayName = "Search: a NONE entry grants nothing (actors, executions, logs, list endpoints); READ then shows what the owner sees")]
    public async Task None_grants_nothing()
    {
        var owner = fixture.Callers.Owner;
        var friend = fixture.Callers.Friend;
        var word = $"sp{Guid.NewGuid():N}"[..14];
        var id = await owner.CreateActorAsync(new { image = "abaco/test-busybox", name = word });
        var executionId = await owner.SendMessageAsync(id, word);
        await owner.WaitCompleteAsync(id, executionId);
        string[] paths =
        [
            $"/actors/search/actors?name={word}",
            $"/actors/search/executions?actor_id={id}",
            $"/actors/search/logs?exactsearch={word}",
            $"/actors?name={word}",
            $"/actors/{id}/executions?status=COMPLETE",
        ];
        var ownerCounts = new List<int>();
        foreach (var path in paths) ownerCounts.Add(await CountAsync(owner, path));
        Assert.All(ownerCounts, c => Assert.Equal(1, c));

        await GrantAsync(owner, id, "friend", "NONE");
        Assert.Equal(0, await CountAsync(friend, paths[0]));
        Assert.Equal(0, await CountAsync(friend, paths[1]));
        Assert.Equal(0, await CountAsync(friend, paths[2]));
        Assert.Equal(0, await CountAsync(friend, paths[3]));

        await GrantAsync(owner, id, "friend", "READ");
        var friendCounts = new List<int>();
        foreach (var path in paths) friendCounts.Add(await CountAsync(friend, path));
        Assert.Equal(ownerCounts, friendCounts);
    }

    private static async Task GrantAsync(CallerClient owner, string id, string user, string level)
    {
        var answer = await owner.PostJsonAsync($"/actors/{id}/permissions", new { user, level });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    private static async Task<int> CountAsync(CallerClient caller, string path)
    {
        var answer = await caller.GetAsync(path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{caller.Name}: GET {path} answered {answer.Status}: {answer.Body}");
        return answer.Result.GetProperty("_metadata").GetProperty("total_count").GetInt32();
    }
}
