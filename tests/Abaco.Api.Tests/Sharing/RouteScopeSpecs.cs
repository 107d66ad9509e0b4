using System.Net;

namespace Abaco.Api.Tests.Sharing;

/// <summary>
/// The object a route names (an actor by id or alias, an alias, a config) is resolved in the caller's tenant before
/// the handler runs: its refusals come first, whatever the body.
/// </summary>
public sealed class RouteScopeSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync();

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [Fact(DisplayName = "Route objects: an actor, alias or config is looked up in the caller's tenant only")]
    public async Task Objects_are_looked_up_in_the_callers_tenant()
    {
        var actor = await App.AddActorAsync();
        Assert.Equal(HttpStatusCode.OK, (await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""")).Status);
        var config = $$"""{"name": "db_host", "value": "x", "is_secret": false, "actors": "{{actor.Id}}"}""";
        Assert.Equal(HttpStatusCode.OK, (await App.PostAsync("/actors/configs", config)).Status);

        var byId = await App.PostAsync($"/actors/{actor.Id}/nonces", "{}", tenant: "OTHER");
        Assert.Equal(HttpStatusCode.NotFound, byId.Status);
        Assert.Equal($"No actor found with identifier: {actor.Id}.", byId.Message);
        var byAlias = await App.GetAsync("/actors/greeter/nonces", tenant: "OTHER");
        Assert.Equal(HttpStatusCode.NotFound, byAlias.Status);
        Assert.Equal("Actor with identifier 'greeter' not found", byAlias.Message);
        Assert.Equal("No alias found: greeter.", (await App.GetAsync("/actors/aliases/greeter", tenant: "OTHER")).Message);
        Assert.Equal("No config found: db_host.", (await App.GetAsync("/actors/configs/db_host", tenant: "OTHER")).Message);

        Assert.Equal(HttpStatusCode.OK, (await App.GetAsync("/actors/greeter/nonces")).Status);
    }

    [Fact(DisplayName = "Route objects: an unknown one is refused before the body is read")]
    public async Task An_unknown_object_is_refused_before_the_body_is_read()
    {
        const string malformed = "{not json";
        var actor = await App.PostAsync("/actors/nope/nonces", malformed);
        Assert.Equal(HttpStatusCode.NotFound, actor.Status);
        Assert.Equal("Actor with identifier 'nope' not found", actor.Message);
        var alias = await App.PostAsync("/actors/aliases/nope/nonces", malformed);
        Assert.Equal(HttpStatusCode.NotFound, alias.Status);
        Assert.Equal("No alias found: nope.", alias.Message);
        var config = await App.PutAsync("/actors/configs/nope", malformed);
        Assert.Equal(HttpStatusCode.NotFound, config.Status);
        Assert.Equal("No config found: nope.", config.Message);

        var known = await App.AddActorAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await App.PostAsync($"/actors/{known.Id}/nonces", malformed)).Status);
    }
}
