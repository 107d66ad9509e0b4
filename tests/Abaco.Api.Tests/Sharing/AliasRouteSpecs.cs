using System.Net;
using System.Text.Json.Nodes;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;

namespace Abaco.Api.Tests.Sharing;

/// <summary>Aliases over HTTP (original-abaco.md §1.8).</summary>
public sealed class AliasRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync();

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [Fact(DisplayName = "An alias is created, shown, listed and deleted")]
    public async Task An_alias_is_created_shown_listed_and_deleted()
    {
        var actor = await App.AddActorAsync();

        var created = await App.PostAsync("/actors/aliases", $$"""{"alias": "hello.world", "actor_id": "{{actor.Id}}"}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("Actor alias created successfully.", created.Message);
        Assert.Equal("success", created.EnvelopeStatus);
        var expected = JsonNode.Parse($$"""
            {"alias": "hello.world", "actor_id": "{{actor.Id}}", "owner": "anonymous",
             "_links": {"self": "{{SharingApp.Api}}/actors/v2/aliases/hello.world",
                        "owner": "{{SharingApp.Api}}/profiles/v2/anonymous",
                        "actor": "{{SharingApp.Api}}/actors/v2/{{actor.Id}}"} }
            """);
        Assert.True(JsonNode.DeepEquals(expected, created.Result), created.ToString());
        Assert.Equal([new PermissionEntry("anonymous", PermissionLevel.Update)],
            await App.PermissionsAsync(PermissionScope.Alias, $"{App.DefaultTenant}_hello.world"));

        var shown = await App.GetAsync("/actors/aliases/hello.world");
        Assert.Equal("Alias retrieved successfully.", shown.Message);
        Assert.True(JsonNode.DeepEquals(expected, shown.Result), shown.ToString());

        var listed = await App.GetAsync("/actors/aliases");
        Assert.Equal("Aliases retrieved successfully.", listed.Message);
        Assert.True(JsonNode.DeepEquals(new JsonArray(expected), listed.Result), listed.ToString());

        var deleted = await App.DeleteAsync("/actors/aliases/hello.world");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Alias hello.world deleted successfully.", deleted.Message);
        Assert.Null(deleted.Result);

        var gone = await App.GetAsync("/actors/aliases/hello.world");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("No alias found: hello.world.", gone.Message);
        Assert.Equal("error", gone.EnvelopeStatus);
        Assert.Empty(await App.PermissionsAsync(PermissionScope.Alias, $"{App.DefaultTenant}_hello.world"));
    }

    [Fact(DisplayName = "Form fields describe an alias too")]
    public async Task Form_fields_describe_an_alias_too()
    {
        var actor = await App.AddActorAsync();
        var created = await App.SendAsync(HttpMethod.Post, "/actors/aliases",
            form: [new("alias", "formed"), new("actor_id", actor.Id)]);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(actor.Id, created.Object["actor_id"]!.GetValue<string>());
    }

    [Theory(DisplayName = "Missing and ill-typed fields are named as the original names them")]
    [InlineData("""{"actor_id": "x"}""",
        "Invalid alias description. Missing required field: {'alias': 'Actual alias for the actor; must be unique within a tenant.'}")]
    [InlineData("""{"alias": "a1"}""",
        "Invalid alias description. Missing required field: {'actor_id': 'The human readable id for the actor associated with this alias.'}")]
    [InlineData("""{"alias": "a1", "actorId": "x"}""",
        "Invalid alias description. Missing required field: {'actor_id': 'The human readable id for the actor associated with this alias.'}")]
    [InlineData("""{"alias": {"nested": 1}, "actor_id": "x"}""",
        "Invalid alias description. Missing required field: {'alias': 'Actual alias for the actor; must be unique within a tenant.'}")]
    public async Task Missing_and_ill_typed_fields_are_named(string body, string message)
    {
        var reply = await App.PostAsync("/actors/aliases", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(message, reply.Message);
    }

    [Fact(DisplayName = "An alias cannot be an Abaco id")]
    public async Task An_alias_cannot_be_an_abaco_id()
    {
        var actor = await App.AddActorAsync();
        var reply = await App.PostAsync("/actors/aliases", $$"""{"alias": "{{actor.Id}}", "actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Invalid alias description. Alias cannot be an Abaco hash id.", reply.Message);
    }

    [Theory(DisplayName = "Route words are reserved, including those the original forgot")]
    [InlineData("executions")]
    [InlineData("admin")]
    [InlineData("search")]
    [InlineData("utilization")]
    [InlineData("configs")]
    [InlineData("aliases")]
    public async Task Route_words_are_reserved(string word)
    {
        var actor = await App.AddActorAsync();
        var reply = await App.PostAsync("/actors/aliases", $$"""{"alias": "{{word}}", "actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal($"{word} is a reserved word. The following reserved words cannot be used for an alias: " +
                     "['executions', 'nonces', 'logs', 'messages', 'adapters', 'admin', 'utilization', 'search', " +
                     "'configs', 'aliases'].", reply.Message);
    }

    [Fact(DisplayName = "Forbidden characters are refused")]
    public async Task Forbidden_characters_are_refused()
    {
        var actor = await App.AddActorAsync();
        var reply = await App.PostAsync("/actors/aliases", $$"""{"alias": "a@b", "actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("'@' is a forbidden character. The following characters cannot be used for an alias: " +
                     "['\\', ' ', '\"', ':', '/', '?', '#', '[', ']', '@', '!', '$', '&', ''', '(', ')', '*', '+', " +
                     "',', ';', '=', '%'].", reply.Message);
    }

    [Fact(DisplayName = "The actor must exist in the caller's tenant")]
    public async Task The_actor_must_exist_in_the_callers_tenant()
    {
        var elsewhere = await App.AddActorAsync(tenant: "OTHER");
        var reply = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{elsewhere.Id}}"}""");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal($"No actor found with id: {elsewhere.Id}.", reply.Message);
    }

    [Fact(DisplayName = "A user needs UPDATE on the actor")]
    public async Task A_user_needs_update_on_the_actor()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        var body = $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""";

        var stranger = await App.PostAsync("/actors/aliases", body, user: "mallory");
        Assert.Equal(HttpStatusCode.BadRequest, stranger.Status);
        Assert.Equal($"Not authorized -- you do not have access to {actor.Id}.", stranger.Message);

        await App.Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, "mallory", PermissionLevel.Execute);
        var executor = await App.PostAsync("/actors/aliases", body, user: "mallory");
        Assert.Equal($"Not authorized -- you do not have access to {actor.Id}.", executor.Message);

        var owner = await App.PostAsync("/actors/aliases", body, user: "jdoe");
        Assert.Equal(HttpStatusCode.OK, owner.Status);
        Assert.Equal("jdoe", owner.Object["owner"]!.GetValue<string>());
        Assert.Equal([new PermissionEntry("jdoe", PermissionLevel.Update)],
            await App.PermissionsAsync(PermissionScope.Alias, $"{App.DefaultTenant}_a1"));
    }

    [Fact(DisplayName = "An actor shared with ABACO_WORLD at UPDATE may be aliased by anyone; at READ it may not")]
    public async Task An_actor_shared_with_the_world_may_be_aliased()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        await App.Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, PermissionLevels.World, PermissionLevel.Read);
        var refused = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""", user: "bob");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        await App.Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, PermissionLevels.World, PermissionLevel.Update);
        var reply = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""", user: "bob");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact(DisplayName = "Aliases are unique per tenant")]
    public async Task Aliases_are_unique_per_tenant()
    {
        var actor = await App.AddActorAsync();
        var other = await App.AddActorAsync(tenant: "OTHER");
        Assert.Equal(HttpStatusCode.OK,
            (await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""")).Status);

        var again = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("Alias a1 already exists.", again.Message);

        var otherTenant = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{other.Id}}"}""",
            tenant: "OTHER");
        Assert.Equal(HttpStatusCode.OK, otherTenant.Status);
    }

    [Fact(DisplayName = "Tenants see only their aliases")]
    public async Task Tenants_see_only_their_aliases()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "mine", "actor_id": "{{actor.Id}}"}""");

        Assert.Empty((await App.GetAsync("/actors/aliases", tenant: "OTHER")).Array);
        Assert.Equal(HttpStatusCode.NotFound, (await App.GetAsync("/actors/aliases/mine", tenant: "OTHER")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await App.DeleteAsync("/actors/aliases/mine", tenant: "OTHER")).Status);
        Assert.Single((await App.GetAsync("/actors/aliases")).Array);
    }

    [Fact(DisplayName = "A PUT re-points the alias and keeps its owner")]
    public async Task A_put_repoints_the_alias_and_keeps_its_owner()
    {
        var first = await App.AddActorAsync(owner: "jdoe");
        var second = await App.AddActorAsync(owner: "bob");
        await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{first.Id}}"}""", user: "jdoe");
        await App.Stores.Permissions.SetAsync(PermissionScope.Alias, $"{App.DefaultTenant}_a1", "bob", PermissionLevel.Update);

        var updated = await App.PutAsync("/actors/aliases/a1", $$"""{"actor_id": "{{second.Id}}"}""", user: "bob");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("Actor alias updated successfully.", updated.Message);
        Assert.Equal(second.Id, updated.Object["actor_id"]!.GetValue<string>());
        Assert.Equal("jdoe", updated.Object["owner"]!.GetValue<string>());
        Assert.Equal($"{SharingApp.Api}/actors/v2/{second.Id}", updated.Object["_links"]!["actor"]!.GetValue<string>());
        Assert.Equal(second.Id, (await App.Stores.Aliases.GetAsync(App.DefaultTenant, "a1"))!.ActorId);
    }

    [Fact(DisplayName = "A PUT needs UPDATE on the new actor")]
    public async Task A_put_needs_update_on_the_new_actor()
    {
        var first = await App.AddActorAsync(owner: "jdoe");
        var second = await App.AddActorAsync(owner: "bob");
        await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{first.Id}}"}""", user: "jdoe");

        var reply = await App.PutAsync("/actors/aliases/a1", $$"""{"actor_id": "{{second.Id}}"}""", user: "jdoe");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Not authorized -- you do not have UPDATE access to the actor you want to associate with " +
                     "this alias.", reply.Message);
        Assert.Equal(first.Id, (await App.Stores.Aliases.GetAsync(App.DefaultTenant, "a1"))!.ActorId);
    }

    [Fact(DisplayName = "A PUT can neither rename the alias nor point it at nothing")]
    public async Task A_put_cannot_rename_the_alias_nor_point_at_nothing()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""");

        var renamed = await App.PutAsync("/actors/aliases/a1", $$"""{"alias": "a2", "actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, renamed.Status);
        Assert.Equal("Invalid alias update description. The alias itself cannot be updated in a PUT request.",
            renamed.Message);

        var missing = await App.PutAsync("/actors/aliases/a1", "{}");
        Assert.Equal("Invalid alias description. Missing required field: " +
                     "{'actor_id': 'The human readable id for the actor associated with this alias.'}", missing.Message);

        var nothing = await App.PutAsync("/actors/aliases/a1", """{"actor_id": "AKeo3XGAGyRr"}""");
        Assert.Equal(HttpStatusCode.NotFound, nothing.Status);
        Assert.Equal("No actor found with id: AKeo3XGAGyRr.", nothing.Message);

        var unknown = await App.PutAsync("/actors/aliases/nope", $$"""{"actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("No alias found: nope.", unknown.Message);
    }

    [Fact(DisplayName = "Deleting an alias deletes its nonces (quirk 13 fixed)")]
    public async Task Deleting_an_alias_deletes_its_nonces()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""");
        var nonce = await App.PostAsync("/actors/aliases/a1/nonces", "{}");
        Assert.Equal(HttpStatusCode.OK, nonce.Status);

        await App.DeleteAsync("/actors/aliases/a1");

        Assert.Empty(await App.Stores.Nonces.ListAsync($"{App.DefaultTenant}_a1"));
        await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""");
        Assert.Empty((await App.GetAsync("/actors/aliases/a1/nonces")).Array);
    }
}

/// <summary>Aliases with <c>web.case = camel</c>.</summary>
public sealed class CamelAliasRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync(CaseStyle.Camel);

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [Fact(DisplayName = "Camel mode: fields are camel case")]
    public async Task Fields_are_camel_case()
    {
        var actor = await App.AddActorAsync();

        var snake = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actor_id": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, snake.Status);
        Assert.Equal("Invalid alias description. Missing required field: " +
                     "{'actorId': 'The human readable id for the actor associated with this alias.'}", snake.Message);

        var camel = await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actorId": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.OK, camel.Status);
        Assert.Equal(actor.Id, camel.Object["actorId"]!.GetValue<string>());
        Assert.False(camel.Object.ContainsKey("actor_id"));
        Assert.True(camel.Object.ContainsKey("_links"));

        var put = await App.PutAsync("/actors/aliases/a1", $$"""{"actorId": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.OK, put.Status);
    }

    [Fact(DisplayName = "Camel mode: stored aliases keep their shape")]
    public async Task Stored_aliases_keep_their_shape()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "a1", "actorId": "{{actor.Id}}"}""");
        var stored = await App.Stores.Aliases.GetAsync(App.DefaultTenant, "a1");
        Assert.Equal(new AliasRecord(App.DefaultTenant, "a1", actor.Id, "anonymous", SharingApp.Api), stored);
    }
}
