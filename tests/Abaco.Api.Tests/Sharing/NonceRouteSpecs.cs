using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;

namespace Abaco.Api.Tests.Sharing;

/// <summary>Actor and alias nonces over HTTP (original-abaco.md §1.5, §2.5).</summary>
public sealed partial class NonceRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync();

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex DisplayTime();

    [Fact(DisplayName = "An actor nonce has the original's defaults and shape")]
    public async Task An_actor_nonce_has_the_originals_defaults_and_shape()
    {
        var actor = await App.AddActorAsync();

        var created = await App.PostAsync($"/actors/{actor.Id}/nonces", "{}");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("Actor nonce created successfully.", created.Message);
        var nonce = created.Object;
        var id = nonce["id"]!.GetValue<string>();
        Assert.StartsWith($"{App.DefaultTenant}_", id);
        Assert.True(AbacoIds.IsHashid(id[(App.DefaultTenant.Length + 1)..]));
        Assert.Matches(DisplayTime(), nonce["create_time"]!.GetValue<string>());
        var expected = JsonNode.Parse($$"""
            {"id": "{{id}}", "actor_id": "{{actor.Id}}", "owner": "anonymous", "roles": ["ALL"], "level": "EXECUTE",
             "max_uses": -1, "current_uses": 0, "remaining_uses": -1, "description": "",
             "api_server": "{{SharingApp.Api}}", "create_time": "{{nonce["create_time"]}}", "last_use_time": "None",
             "_links": {"self": "{{SharingApp.Api}}/actors/v2/{{actor.Id}}/nonces/{{id}}",
                        "owner": "{{SharingApp.Api}}/profiles/v2/anonymous",
                        "actor": "{{SharingApp.Api}}/actors/v2/{{actor.Id}}"} }
            """);
        Assert.True(JsonNode.DeepEquals(expected, nonce), created.ToString());

        var stored = await App.Stores.Nonces.GetAsync(actor.DbId, id);
        Assert.NotNull(stored);
        Assert.Equal(PermissionLevel.Execute, stored.Level);
        Assert.Null(stored.AliasId);
    }

    [Fact(DisplayName = "A nonce records its owner, roles, level, uses and description")]
    public async Task A_nonce_records_its_owner_roles_level_uses_and_description()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        var created = await App.SendAsync(HttpMethod.Post, $"/actors/{actor.Id}/nonces",
            """{"level": "READ", "max_uses": 5, "description": "for the dashboard"}""",
            user: "jdoe", roles: "Internal/abaco-user,Internal/everyone");

        var nonce = created.Object;
        Assert.Equal("jdoe", nonce["owner"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["Internal/abaco-user", "Internal/everyone"]"""), nonce["roles"]));
        Assert.Equal("READ", nonce["level"]!.GetValue<string>());
        Assert.Equal(5, nonce["max_uses"]!.GetValue<int>());
        Assert.Equal(5, nonce["remaining_uses"]!.GetValue<int>());
        Assert.Equal("for the dashboard", nonce["description"]!.GetValue<string>());
    }

    [Fact(DisplayName = "Query parameters describe a nonce too")]
    public async Task Query_parameters_describe_a_nonce_too()
    {
        var actor = await App.AddActorAsync();
        var created = await App.SendAsync(HttpMethod.Post, $"/actors/{actor.Id}/nonces?level=UPDATE&max_uses=2");
        Assert.Equal("UPDATE", created.Object["level"]!.GetValue<string>());
        Assert.Equal(2, created.Object["max_uses"]!.GetValue<int>());
    }

    [Theory(DisplayName = "Bad actor nonce descriptions are refused")]
    [InlineData("""{"level": "bogus"}""",
        "Invalid nonce description. The level attribute must be one of: ('NONE', 'READ', 'EXECUTE', 'UPDATE')")]
    [InlineData("""{"level": "read"}""",
        "Invalid nonce description. The level attribute must be one of: ('NONE', 'READ', 'EXECUTE', 'UPDATE')")]
    [InlineData("""{"max_uses": 0}""", "The max uses parameter must be a positive integer or -1 (to denote unlimited uses).")]
    [InlineData("""{"max_uses": -2}""", "The max uses parameter must be a positive integer or -1 (to denote unlimited uses).")]
    [InlineData("""{"max_uses": "many"}""",
        "Invalid nonce description: {'max_uses': 'Maximum number of times this nonce can be redeemed. Default is unlimited.'}")]
    public async Task Bad_actor_nonce_descriptions_are_refused(string body, string message)
    {
        var actor = await App.AddActorAsync();
        var reply = await App.PostAsync($"/actors/{actor.Id}/nonces", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(message, reply.Message);
        Assert.Empty(await App.Stores.Nonces.ListAsync(actor.DbId));
    }

    [Fact(DisplayName = "Nonces are listed, shown and deleted")]
    public async Task Nonces_are_listed_shown_and_deleted()
    {
        var actor = await App.AddActorAsync();
        Assert.Empty((await App.GetAsync($"/actors/{actor.Id}/nonces")).Array);
        var first = (await App.PostAsync($"/actors/{actor.Id}/nonces", """{"description": "one"}""")).Object;
        var second = (await App.PostAsync($"/actors/{actor.Id}/nonces", """{"description": "two"}""")).Object;
        var secondId = second["id"]!.GetValue<string>();

        var listed = await App.GetAsync($"/actors/{actor.Id}/nonces");
        Assert.Equal("Actor nonces retrieved successfully.", listed.Message);
        Assert.True(JsonNode.DeepEquals(new JsonArray(first.DeepClone(), second.DeepClone()), listed.Result));

        var shown = await App.GetAsync($"/actors/{actor.Id}/nonces/{secondId}");
        Assert.Equal("Actor nonce retrieved successfully.", shown.Message);
        Assert.True(JsonNode.DeepEquals(second, shown.Result));

        var deleted = await App.DeleteAsync($"/actors/{actor.Id}/nonces/{secondId}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Actor nonce deleted successfully.", deleted.Message);
        Assert.Null(deleted.Result);

        var gone = await App.GetAsync($"/actors/{actor.Id}/nonces/{secondId}");
        Assert.Equal(HttpStatusCode.BadRequest, gone.Status);
        Assert.Equal("Nonce not found.", gone.Message);
        var again = await App.DeleteAsync($"/actors/{actor.Id}/nonces/{secondId}");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("Nonce not found.", again.Message);
        Assert.Single((await App.GetAsync($"/actors/{actor.Id}/nonces")).Array);
    }

    [Fact(DisplayName = "Listing nonces shows only those at or below the caller's own level; admins see all")]
    public async Task Listing_shows_only_nonces_at_or_below_the_callers_level()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        await App.Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, "bob", PermissionLevel.Read);
        await App.Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, "eve", PermissionLevel.Execute);
        foreach (var level in new[] { "READ", "EXECUTE", "UPDATE" })
            Assert.Equal(HttpStatusCode.OK,
                (await App.PostAsync($"/actors/{actor.Id}/nonces", $$"""{"level": "{{level}}"}""", user: "jdoe")).Status);

        static string[] Levels(Reply reply) =>
            reply.Array.Select(n => n!["level"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["READ"], Levels(await App.GetAsync($"/actors/{actor.Id}/nonces", user: "bob")));
        Assert.Equal(["EXECUTE", "READ"], Levels(await App.GetAsync($"/actors/{actor.Id}/nonces", user: "eve")));
        Assert.Equal(["EXECUTE", "READ", "UPDATE"], Levels(await App.GetAsync($"/actors/{actor.Id}/nonces", user: "jdoe")));
        Assert.Equal(["EXECUTE", "READ", "UPDATE"], Levels(await App.GetAsync($"/actors/{actor.Id}/nonces")));
    }

    [Fact(DisplayName = "Listing alias nonces is bounded by the lower of the caller's levels on the alias and the actor")]
    public async Task Listing_alias_nonces_is_bounded_by_alias_and_actor()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        Assert.Equal(HttpStatusCode.OK, (await App.PostAsync("/actors/aliases",
            $$"""{"alias": "nl", "actor_id": "{{actor.Id}}"}""", user: "jdoe")).Status);
        foreach (var level in new[] { "READ", "EXECUTE" })
            Assert.Equal(HttpStatusCode.OK,
                (await App.PostAsync("/actors/aliases/nl/nonces", $$"""{"level": "{{level}}"}""", user: "jdoe")).Status);
        await App.Stores.Permissions.SetAsync(PermissionScope.Alias, $"{App.DefaultTenant}_nl", "bob", PermissionLevel.Update);
        await App.Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, "bob", PermissionLevel.Read);

        var listed = await App.GetAsync("/actors/aliases/nl/nonces", user: "bob");

        Assert.Equal(["READ"], listed.Array.Select(n => n!["level"]!.GetValue<string>()).ToArray());
        Assert.Equal(2, (await App.GetAsync("/actors/aliases/nl/nonces", user: "jdoe")).Array.Count);
    }

    [Fact(DisplayName = "An actor may be named by its alias")]
    public async Task An_actor_may_be_named_by_its_alias()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""");

        var created = await App.PostAsync("/actors/greeter/nonces", "{}");

        Assert.Equal(actor.Id, created.Object["actor_id"]!.GetValue<string>());
        Assert.Single(await App.Stores.Nonces.ListAsync(actor.DbId));
    }

    [Fact(DisplayName = "An unknown actor gets no nonce")]
    public async Task An_unknown_actor_gets_no_nonce()
    {
        var reply = await App.PostAsync("/actors/AKeo3XGAGyRr/nonces", "{}");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("No actor found with identifier: AKeo3XGAGyRr.", reply.Message);
    }

    [Fact(DisplayName = "Nonces stay in their tenant")]
    public async Task Nonces_stay_in_their_tenant()
    {
        var actor = await App.AddActorAsync();
        var id = (await App.PostAsync($"/actors/{actor.Id}/nonces", "{}")).Object["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await App.PostAsync($"/actors/{actor.Id}/nonces", "{}", tenant: "OTHER")).Status);
        Assert.Empty((await App.GetAsync($"/actors/{actor.Id}/nonces", tenant: "OTHER")).Array);
        Assert.Equal("Nonce not found.", (await App.GetAsync($"/actors/{actor.Id}/nonces/{id}", tenant: "OTHER")).Message);
        Assert.Equal(HttpStatusCode.BadRequest, (await App.DeleteAsync($"/actors/{actor.Id}/nonces/{id}", tenant: "OTHER")).Status);
        Assert.Single(await App.Stores.Nonces.ListAsync(actor.DbId));
    }

    [Fact(DisplayName = "An alias nonce names its alias and links to it")]
    public async Task An_alias_nonce_names_its_alias_and_links_to_it()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""");

        var created = await App.PostAsync("/actors/aliases/greeter/nonces", """{"level": "READ", "max_uses": 1}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("Alias nonce created successfully.", created.Message);
        var nonce = created.Object;
        var id = nonce["id"]!.GetValue<string>();
        Assert.Null(nonce["actor_id"]);
        Assert.True(nonce.ContainsKey("actor_id"));
        Assert.Equal("greeter", nonce["alias"]!.GetValue<string>());
        Assert.Equal("READ", nonce["level"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"self": "{{SharingApp.Api}}/actors/v2/aliases/greeter/nonces/{{id}}",
             "owner": "{{SharingApp.Api}}/profiles/v2/anonymous",
             "actor": "{{SharingApp.Api}}/actors/v2/greeter"}
            """), nonce["_links"]));
        Assert.NotNull(await App.Stores.Nonces.GetAsync($"{App.DefaultTenant}_greeter", id));
        Assert.Empty(await App.Stores.Nonces.ListAsync(actor.DbId));

        var listed = await App.GetAsync("/actors/aliases/greeter/nonces");
        Assert.Equal("Alias nonces retrieved successfully.", listed.Message);
        Assert.Single(listed.Array);
        var shown = await App.GetAsync($"/actors/aliases/greeter/nonces/{id}");
        Assert.Equal("Alias nonce retrieved successfully.", shown.Message);
        Assert.True(JsonNode.DeepEquals(nonce, shown.Result));
        Assert.Equal("Nonce not found.", (await App.GetAsync($"/actors/greeter/nonces/{id}")).Message);

        var deleted = await App.DeleteAsync($"/actors/aliases/greeter/nonces/{id}");
        Assert.Equal("Alias nonce deleted successfully.", deleted.Message);
        Assert.Equal("Nonce not found.", (await App.GetAsync($"/actors/aliases/greeter/nonces/{id}")).Message);
    }

    [Fact(DisplayName = "An alias nonce cannot grant UPDATE")]
    public async Task An_alias_nonce_cannot_grant_update()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""");
        var reply = await App.PostAsync("/actors/aliases/greeter/nonces", """{"level": "UPDATE"}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Invalid nonce description. The level attribute must be one of: ('NONE', 'READ', 'EXECUTE')",
            reply.Message);
    }

    [Fact(DisplayName = "Alias nonce routes need the alias")]
    public async Task Alias_nonce_routes_need_the_alias()
    {
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, "/actors/aliases/nope/nonces"), (HttpMethod.Post, "/actors/aliases/nope/nonces"),
                     (HttpMethod.Get, "/actors/aliases/nope/nonces/X_1"), (HttpMethod.Delete, "/actors/aliases/nope/nonces/X_1"),
                 })
        {
            var reply = await App.SendAsync(method, path, method == HttpMethod.Post ? "{}" : null);
            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("No alias found: nope.", reply.Message);
        }
    }
}

/// <summary>Nonces with <c>web.case = camel</c>.</summary>
public sealed class CamelNonceRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync(CaseStyle.Camel);

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [Fact(DisplayName = "Camel mode: fields are camel case")]
    public async Task Fields_are_camel_case()
    {
        var actor = await App.AddActorAsync();

        var created = await App.PostAsync($"/actors/{actor.Id}/nonces", """{"maxUses": 3, "max_uses": 0}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var nonce = created.Object;
        Assert.Equal(3, nonce["maxUses"]!.GetValue<int>());
        Assert.Equal(3, nonce["remainingUses"]!.GetValue<int>());
        Assert.Equal(0, nonce["currentUses"]!.GetValue<int>());
        Assert.Equal(actor.Id, nonce["actorId"]!.GetValue<string>());
        Assert.Equal("None", nonce["lastUseTime"]!.GetValue<string>());
        Assert.Equal(SharingApp.Api, nonce["apiServer"]!.GetValue<string>());
        Assert.True(nonce.ContainsKey("createTime"));
        Assert.True(nonce.ContainsKey("_links"));
        Assert.DoesNotContain(nonce, p => p.Key.Contains('_') && p.Key != "_links");

        var bad = await App.PostAsync($"/actors/{actor.Id}/nonces", """{"maxUses": "x"}""");
        Assert.Equal("Invalid nonce description: {'maxUses': 'Maximum number of times this nonce can be redeemed. " +
                     "Default is unlimited.'}", bad.Message);
    }
}
