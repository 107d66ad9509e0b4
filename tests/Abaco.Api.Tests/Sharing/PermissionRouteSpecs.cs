using System.Net;
using System.Text.Json.Nodes;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;

namespace Abaco.Api.Tests.Sharing;

/// <summary>Permission documents of actors, aliases and configs over HTTP (original-abaco.md §1.7).</summary>
public sealed class PermissionRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync();

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    private const string LevelTuple = "('NONE', 'READ', 'EXECUTE', 'UPDATE')";

    [Fact(DisplayName = "Actor permissions are shown and granted in grant order")]
    public async Task Actor_permissions_are_shown_and_granted_in_grant_order()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");

        var shown = await App.GetAsync($"/actors/{actor.Id}/permissions");
        Assert.Equal("Permissions retrieved successfully.", shown.Message);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"jdoe": "UPDATE"}"""), shown.Result), shown.ToString());

        var added = await App.PostAsync($"/actors/{actor.Id}/permissions", """{"user": "bob", "level": "READ"}""");
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("Permission added successfully.", added.Message);
        Assert.Equal("""{"jdoe":"UPDATE","bob":"READ"}""", added.Result!.ToJsonString());

        await App.PostAsync($"/actors/{actor.Id}/permissions", $$"""{"user": "{{PermissionLevels.World}}", "level": "EXECUTE"}""");
        var regranted = await App.PostAsync($"/actors/{actor.Id}/permissions", """{"user": "jdoe", "level": "NONE"}""");
        Assert.Equal("""{"jdoe":"NONE","bob":"READ","ABACO_WORLD":"EXECUTE"}""", regranted.Result!.ToJsonString());
    }

    [Fact(DisplayName = "An actor may be named by its alias")]
    public async Task An_actor_may_be_named_by_its_alias()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""");

        await App.PostAsync("/actors/greeter/permissions", """{"user": "bob", "level": "EXECUTE"}""");

        Assert.Equal([new PermissionEntry("jdoe", PermissionLevel.Update), new PermissionEntry("bob", PermissionLevel.Execute)],
            await App.PermissionsAsync(PermissionScope.Actor, actor.DbId));
    }

    [Theory(DisplayName = "Bad grants are refused")]
    [InlineData("""{"level": "READ"}""", "Invalid permissions description: {'user': 'User owning the permission.'}")]
    [InlineData("""{"user": "bob"}""",
        "Invalid permissions description: {'level': \"Level of the permission: ('NONE', 'READ', 'EXECUTE', 'UPDATE')\"}")]
    [InlineData("""{"user": "bob", "level": "WRITE"}""", "Invalid permission level: WRITE. The valid values are " + LevelTuple)]
    [InlineData("""{"user": "bob", "level": "read"}""", "Invalid permission level: read. The valid values are " + LevelTuple)]
    public async Task Bad_grants_are_refused(string body, string message)
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        var reply = await App.PostAsync($"/actors/{actor.Id}/permissions", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(message, reply.Message);
        Assert.Single(await App.PermissionsAsync(PermissionScope.Actor, actor.DbId));
    }

    [Fact(DisplayName = "Objects without a document are not found")]
    public async Task Objects_without_a_document_are_not_found()
    {
        var tenant = App.DefaultTenant;
        var missing = await App.GetAsync("/actors/AKeo3XGAGyRr/permissions");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal($"Actor {tenant}_AKeo3XGAGyRr does not exist", missing.Message);
        Assert.Equal($"Actor {tenant}_nope does not exist", (await App.GetAsync("/actors/aliases/nope/permissions")).Message);
        Assert.Equal($"Config {tenant}_nope does not exist", (await App.GetAsync("/actors/configs/nope/permissions")).Message);

        var grant = """{"user": "bob", "level": "READ"}""";
        Assert.Equal("No actor found with identifier: AKeo3XGAGyRr.",
            (await App.PostAsync("/actors/AKeo3XGAGyRr/permissions", grant)).Message);
        Assert.Equal("No alias found: nope.", (await App.PostAsync("/actors/aliases/nope/permissions", grant)).Message);
        Assert.Equal("No config found: nope.", (await App.PostAsync("/actors/configs/nope/permissions", grant)).Message);
    }

    [Fact(DisplayName = "Alias permissions are their own")]
    public async Task Alias_permissions_are_their_own()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""", user: "jdoe");

        var added = await App.PostAsync("/actors/aliases/greeter/permissions", """{"user": "bob", "level": "READ"}""");

        Assert.Equal("""{"jdoe":"UPDATE","bob":"READ"}""", added.Result!.ToJsonString());
        Assert.Equal("""{"jdoe":"UPDATE","bob":"READ"}""",
            (await App.GetAsync("/actors/aliases/greeter/permissions")).Result!.ToJsonString());
        Assert.Single(await App.PermissionsAsync(PermissionScope.Actor, actor.DbId));
    }

    [Fact(DisplayName = "Config permissions go to the named user")]
    public async Task Config_permissions_go_to_the_named_user()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        await App.PostAsync("/actors/configs",
            $$"""{"name": "db", "value": "v", "is_secret": false, "actors": "{{actor.Id}}"}""", user: "jdoe");

        var added = await App.PostAsync("/actors/configs/db/permissions", """{"user": "bob", "level": "UPDATE"}""");

        Assert.Equal("""{"jdoe":"UPDATE","bob":"UPDATE"}""", added.Result!.ToJsonString());
        Assert.Equal("""{"jdoe":"UPDATE","bob":"UPDATE"}""",
            (await App.GetAsync("/actors/configs/db/permissions")).Result!.ToJsonString());
        Assert.Equal([new PermissionEntry("jdoe", PermissionLevel.Update), new PermissionEntry("bob", PermissionLevel.Update)],
            await App.PermissionsAsync(PermissionScope.Config, new ActorConfigRecord(App.DefaultTenant, "db", "", false, "").ConfigId));
    }

    [Fact(DisplayName = "Permissions stay in their tenant")]
    public async Task Permissions_stay_in_their_tenant()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        var reply = await App.GetAsync($"/actors/{actor.Id}/permissions", tenant: "OTHER");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal($"Actor OTHER_{actor.Id} does not exist", reply.Message);
        Assert.Equal(HttpStatusCode.NotFound,
            (await App.PostAsync($"/actors/{actor.Id}/permissions", """{"user": "bob", "level": "READ"}""", tenant: "OTHER")).Status);
    }
}

/// <summary>Permissions with <c>web.case = camel</c>: the map is data, never re-cased.</summary>
public sealed class CamelPermissionRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync(CaseStyle.Camel);

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [Fact(DisplayName = "Camel mode: user names in the map are not converted")]
    public async Task User_names_are_not_converted()
    {
        var actor = await App.AddActorAsync(owner: "j_doe");
        var added = await App.PostAsync($"/actors/{actor.Id}/permissions", """{"user": "some_user", "level": "READ"}""");
        Assert.Equal("""{"j_doe":"UPDATE","some_user":"READ"}""", added.Result!.ToJsonString());
    }
}
