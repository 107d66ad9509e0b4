using System.Net;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §3.9: a link names an existing actor or alias and never closes a cycle.</summary>
public sealed class LinkValidationSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client("LINKS");

    private const string Cycle = "Error: this update would result in a cycle of linked actors.";

    private Task<string> ActorAsync(string? link = null) =>
        _client.CreateActorAsync(link is null
            ? new { image = "abaco/test-busybox" }
            : new { image = "abaco/test-busybox", link });

    [Fact(DisplayName = "Linking to an unknown actor or to itself is refused")]
    public async Task Unknown_and_self_links_are_refused()
    {
        var unknown = await _client.PostJsonAsync("/actors", new { image = "abaco/test-busybox", link = "no-such-alias" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("Invalid link parameter; no actor or alias found with identifier no-such-alias.", unknown.Message);

        var a = await ActorAsync();
        var self = await _client.PutJsonAsync($"/actors/{a}", new { image = "abaco/test-busybox", link = a });
        Assert.Equal(HttpStatusCode.BadRequest, self.Status);
        Assert.Equal("Invalid link parameter; an actor cannot link to itself.", self.Message);
    }

    [Fact(DisplayName = "An update that would close a cycle is refused, directly or through an alias; a chain is fine")]
    public async Task Cycles_are_refused()
    {
        var a = await ActorAsync();
        var b = await ActorAsync(link: a);
        var c = await ActorAsync(link: b);
        var alias = await _client.PostJsonAsync("/actors/aliases", new { alias = "link-c", actor_id = c });
        Assert.Equal(HttpStatusCode.OK, alias.Status);

        var direct = await _client.PutJsonAsync($"/actors/{a}", new { image = "abaco/test-busybox", link = c });
        Assert.Equal(HttpStatusCode.BadRequest, direct.Status);
        Assert.Equal(Cycle, direct.Message);

        var viaAlias = await _client.PutJsonAsync($"/actors/{a}", new { image = "abaco/test-busybox", link = "link-c" });
        Assert.Equal(HttpStatusCode.BadRequest, viaAlias.Status);
        Assert.Equal(Cycle, viaAlias.Message);

        var d = await ActorAsync();
        var chain = await _client.PutJsonAsync($"/actors/{a}", new { image = "abaco/test-busybox", link = d });
        Assert.Equal(HttpStatusCode.OK, chain.Status);
        Assert.Equal(d, chain.Result.GetProperty("link").GetString());
    }
}
