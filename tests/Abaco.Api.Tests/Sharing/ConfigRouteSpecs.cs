using System.Net;
using System.Text.Json.Nodes;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;

namespace Abaco.Api.Tests.Sharing;

/// <summary>Actor configs and secrets over HTTP (original-abaco.md §1.9).</summary>
public sealed class ConfigRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync();

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    private const string Missing = "Invalid config description. Missing required field: ";

    private static string Body(string name, string value, bool secret, string actors) =>
        new JsonObject { ["name"] = name, ["value"] = value, ["is_secret"] = secret, ["actors"] = actors }.ToJsonString();

    [Fact(DisplayName = "A config is created, shown, listed, updated and deleted")]
    public async Task A_config_is_created_shown_listed_updated_and_deleted()
    {
        var actor = await App.AddActorAsync();
        var other = await App.AddActorAsync();

        var created = await App.PostAsync("/actors/configs", Body("db_host", "db.example.org", false, actor.Id));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("Actor config created successfully.", created.Message);
        var expected = new JsonObject
        {
            ["name"] = "db_host", ["value"] = "db.example.org", ["is_secret"] = false, ["actors"] = actor.Id,
        };
        Assert.True(JsonNode.DeepEquals(expected, created.Result), created.ToString());
        Assert.Equal([new PermissionEntry("anonymous", PermissionLevel.Update)],
            await App.PermissionsAsync(PermissionScope.Config, $"{App.DefaultTenant}_db_host"));

        var shown = await App.GetAsync("/actors/configs/db_host");
        Assert.Equal("Config retrieved successfully.", shown.Message);
        Assert.True(JsonNode.DeepEquals(expected, shown.Result));
        var listed = await App.GetAsync("/actors/configs");
        Assert.Equal("Actor Configs retrieved successfully.", listed.Message);
        Assert.True(JsonNode.DeepEquals(new JsonArray(expected.DeepClone()), listed.Result));

        var updated = await App.PutAsync("/actors/configs/db_host",
            Body("ignored", "db2.example.org", false, $"{actor.Id}, {other.Id}"));
        Assert.Equal("Actor config updated successfully.", updated.Message);
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["name"] = "db_host", ["value"] = "db2.example.org", ["is_secret"] = false, ["actors"] = $"{actor.Id}, {other.Id}",
        }, updated.Result), updated.ToString());
        Assert.Null(await App.Stores.Configs.GetAsync(App.DefaultTenant, "ignored"));

        var deleted = await App.DeleteAsync("/actors/configs/db_host");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Actor config db_host deleted successfully.", deleted.Message);
        Assert.Null(deleted.Result);
        var gone = await App.GetAsync("/actors/configs/db_host");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("No config found: db_host.", gone.Message);
        Assert.Empty(await App.PermissionsAsync(PermissionScope.Config, $"{App.DefaultTenant}_db_host"));
        Assert.Equal("No config found with name: db_host.", (await App.DeleteAsync("/actors/configs/db_host")).Message);
        Assert.Equal("No config found: db_host.",
            (await App.PutAsync("/actors/configs/db_host", Body("db_host", "v", false, actor.Id))).Message);
    }

    [Fact(DisplayName = "Secrets are stored and shown encrypted")]
    public async Task Secrets_are_stored_and_shown_encrypted()
    {
        var actor = await App.AddActorAsync();
        var cipher = new ReversingCipher();

        var created = await App.PostAsync("/actors/configs", Body("token", "s3cret", true, actor.Id));

        Assert.Equal(cipher.Encrypt("s3cret"), created.Object["value"]!.GetValue<string>());
        Assert.True(created.Object["is_secret"]!.GetValue<bool>());
        var stored = await App.Stores.Configs.GetAsync(App.DefaultTenant, "token");
        Assert.Equal(new ActorConfigRecord(App.DefaultTenant, "token", cipher.Encrypt("s3cret"), true, actor.Id),
            stored! with { Targets = [] });
        Assert.Equal(new[] { new ConfigTarget(actor.Id, actor.DbId) }, stored.Targets.ToArray());
        Assert.Equal("s3cret", cipher.Decrypt(stored!.Value));
        Assert.DoesNotContain("s3cret", (await App.GetAsync("/actors/configs")).Result!.ToJsonString());

        await App.PutAsync("/actors/configs/token", Body("token", "n3w", true, actor.Id));
        Assert.Equal(cipher.Encrypt("n3w"), (await App.Stores.Configs.GetAsync(App.DefaultTenant, "token"))!.Value);
        await App.PutAsync("/actors/configs/token", Body("token", "plain", false, actor.Id));
        Assert.Equal("plain", (await App.Stores.Configs.GetAsync(App.DefaultTenant, "token"))!.Value);
    }

    [Fact(DisplayName = "Form fields and boolean words describe a config too")]
    public async Task Form_fields_and_boolean_words_describe_a_config_too()
    {
        var actor = await App.AddActorAsync();
        var created = await App.SendAsync(HttpMethod.Post, "/actors/configs",
            form: [new("name", "f"), new("value", ""), new("is_secret", "False"), new("actors", actor.Id)]);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.False(created.Object["is_secret"]!.GetValue<bool>());
        Assert.Equal("", created.Object["value"]!.GetValue<string>());
    }

    [Theory(DisplayName = "Missing and ill-typed fields are named as the original names them")]
    [InlineData("""{"value": "v", "is_secret": false, "actors": "A"}""", "{'name': 'Name of the config'}")]
    [InlineData("""{"name": "n", "is_secret": false, "actors": "A"}""",
        "{'value': 'The value of the config; JSON Serializable. Set as the ENV VAR value.'}")]
    [InlineData("""{"name": "n", "value": "v", "actors": "A"}""",
        "{'is_secret': 'Whether the config should be encrypted at rest and not retrievable.'}")]
    [InlineData("""{"name": "n", "value": "v", "is_secret": "maybe", "actors": "A"}""",
        "{'is_secret': 'Whether the config should be encrypted at rest and not retrievable.'}")]
    [InlineData("""{"name": "n", "value": "v", "is_secret": false}""",
        "{'actors': 'List of actor IDs or aliases that should get this config/secret.'}")]
    [InlineData("""{"name": "n", "value": "v", "is_secret": false, "actors": " , "}""",
        "{'actors': 'List of actor IDs or aliases that should get this config/secret.'}")]
    [InlineData("""{"name": "n", "value": "v", "is_secret": false, "actors": ["A"]}""",
        "{'actors': 'List of actor IDs or aliases that should get this config/secret.'}")]
    public async Task Missing_and_ill_typed_fields_are_named(string body, string field)
    {
        var reply = await App.PostAsync("/actors/configs", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(Missing + field, reply.Message);
    }

    [Fact(DisplayName = "A PUT names missing fields in its own words")]
    public async Task A_put_names_missing_fields_in_its_own_words()
    {
        var actor = await App.AddActorAsync();
        await App.PostAsync("/actors/configs", Body("c", "v", false, actor.Id));
        var reply = await App.PutAsync("/actors/configs/c", """{"value": "v", "is_secret": false}""");
        Assert.Equal("Invalid config description. Could not determine if required fields are present. Is the body " +
                     "valid JSON? Details: {'actors': 'List of actor IDs or aliases that should get this config/secret.'}",
            reply.Message);
    }

    [Fact(DisplayName = "Every listed actor must exist in the tenant as an actor or alias")]
    public async Task Every_listed_actor_must_exist_in_the_tenant_as_an_actor_or_alias()
    {
        var actor = await App.AddActorAsync();
        var elsewhere = await App.AddActorAsync(tenant: "OTHER");
        await App.PostAsync("/actors/aliases", $$"""{"alias": "greeter", "actor_id": "{{actor.Id}}"}""");

        var ok = await App.PostAsync("/actors/configs", Body("c1", "v", false, $"{actor.Id},greeter"));
        Assert.Equal(HttpStatusCode.OK, ok.Status);

        var unknownAlias = await App.PostAsync("/actors/configs", Body("c2", "v", false, $"{actor.Id}, nobody"));
        Assert.Equal(HttpStatusCode.NotFound, unknownAlias.Status);
        Assert.Equal("No actor or alias found with id: nobody.", unknownAlias.Message);

        var otherTenant = await App.PostAsync("/actors/configs", Body("c3", "v", false, elsewhere.Id));
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.Status);
        Assert.Equal($"No actor or alias found with id: {elsewhere.Id}.", otherTenant.Message);
        Assert.Null(await App.Stores.Configs.GetAsync(App.DefaultTenant, "c3"));
    }

    [Fact(DisplayName = "A config is bound to the actor an alias names when written; deleting the alias drops it, and a new alias of that name gets nothing")]
    public async Task Configs_are_bound_when_written()
    {
        var actor = await App.AddActorAsync(owner: "jdoe");
        var other = await App.AddActorAsync(owner: "eve");
        Assert.Equal(HttpStatusCode.OK, (await App.PostAsync("/actors/aliases",
            $$"""{"alias": "a", "actor_id": "{{actor.Id}}"}""", user: "jdoe")).Status);
        var created = await App.PostAsync("/actors/configs", Body("s1", "v", true, $"{actor.Id}, a"), user: "jdoe");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal($"{actor.Id}, a", created.Object["actors"]!.GetValue<string>());
        var bound = (await App.Stores.Configs.GetAsync(App.DefaultTenant, "s1"))!;
        Assert.Equal(new[] { actor.DbId, actor.DbId }, bound.Targets.Select(t => t.ActorDbId).ToArray());

        Assert.Equal(HttpStatusCode.OK, (await App.DeleteAsync("/actors/aliases/a", user: "jdoe")).Status);
        Assert.Equal(HttpStatusCode.OK, (await App.PostAsync("/actors/aliases",
            $$"""{"alias": "a", "actor_id": "{{other.Id}}"}""", user: "eve")).Status);

        var after = (await App.Stores.Configs.GetAsync(App.DefaultTenant, "s1"))!;
        Assert.Equal(actor.Id, after.Actors);
        Assert.Equal(new[] { new ConfigTarget(actor.Id, actor.DbId) }, after.Targets.ToArray());
        Assert.Equal(actor.Id, (await App.GetAsync("/actors/configs/s1", user: "jdoe")).Object["actors"]!.GetValue<string>());
    }

    [Fact(DisplayName = "A user needs UPDATE on every listed actor (quirk 7 fixed)")]
    public async Task A_user_needs_update_on_every_listed_actor()
    {
        var mine = await App.AddActorAsync(owner: "jdoe");
        var theirs = await App.AddActorAsync(owner: "bob");

        var refused = await App.PostAsync("/actors/configs", Body("c", "v", false, $"{mine.Id},{theirs.Id}"), user: "jdoe");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal($"Not authorized -- you do not have access to {theirs.Id}.", refused.Message);
        Assert.Null(await App.Stores.Configs.GetAsync(App.DefaultTenant, "c"));

        var created = await App.PostAsync("/actors/configs", Body("c", "v", false, mine.Id), user: "jdoe");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal([new PermissionEntry("jdoe", PermissionLevel.Update)],
            await App.PermissionsAsync(PermissionScope.Config, $"{App.DefaultTenant}_c"));
    }

    [Fact(DisplayName = "Names follow the config rules and are unique per tenant")]
    public async Task Names_follow_the_config_rules_and_are_unique_per_tenant()
    {
        var actor = await App.AddActorAsync();
        var elsewhere = await App.AddActorAsync(tenant: "OTHER");

        var reserved = await App.PostAsync("/actors/configs", Body("utilization", "v", false, actor.Id));
        Assert.Equal(HttpStatusCode.BadRequest, reserved.Status);
        Assert.Equal("utilization is a reserved word. The following reserved words cannot be used for an actor config: " +
                     "['executions', 'nonces', 'logs', 'messages', 'adapters', 'admin', 'utilization'].", reserved.Message);

        var spaced = await App.PostAsync("/actors/configs", Body("my config", "v", false, actor.Id));
        Assert.Equal("' ' is a forbidden character. The following characters cannot be used for an actor config: " +
                     "[':', '/', '?', '#', '[', ']', '@', '!', '$', '&', ''', '(', ')', '*', '+', ',', ';', '=', ' ', '%'].",
            spaced.Message);

        Assert.Equal(HttpStatusCode.OK, (await App.PostAsync("/actors/configs", Body("c.1", "v", false, actor.Id))).Status);
        var again = await App.PostAsync("/actors/configs", Body("c.1", "w", false, actor.Id));
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("Config c.1 already exists; please choose another name for your config", again.Message);
        Assert.Equal("v", (await App.Stores.Configs.GetAsync(App.DefaultTenant, "c.1"))!.Value);

        var otherTenant = await App.PostAsync("/actors/configs", Body("c.1", "x", false, elsewhere.Id), tenant: "OTHER");
        Assert.Equal(HttpStatusCode.OK, otherTenant.Status);
        Assert.Single((await App.GetAsync("/actors/configs")).Array);
        Assert.Equal("x", (await App.GetAsync("/actors/configs/c.1", tenant: "OTHER")).Object["value"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await App.DeleteAsync("/actors/configs/nope", tenant: "OTHER")).Status);
    }
}

/// <summary>Configs with <c>web.case = camel</c>.</summary>
public sealed class CamelConfigRouteSpecs : IAsyncLifetime
{
    private SharingApp App { get; set; } = null!;

    public async Task InitializeAsync() => App = await SharingApp.StartAsync(CaseStyle.Camel);

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    [Fact(DisplayName = "Camel mode: isSecret is camel case")]
    public async Task Is_secret_is_camel_case()
    {
        var actor = await App.AddActorAsync();

        var snake = await App.PostAsync("/actors/configs",
            $$"""{"name": "c", "value": "v", "is_secret": true, "actors": "{{actor.Id}}"}""");
        Assert.Equal("Invalid config description. Missing required field: " +
                     "{'isSecret': 'Whether the config should be encrypted at rest and not retrievable.'}", snake.Message);

        var camel = await App.PostAsync("/actors/configs",
            $$"""{"name": "c", "value": "v", "isSecret": true, "actors": "{{actor.Id}}"}""");
        Assert.Equal(HttpStatusCode.OK, camel.Status);
        Assert.True(camel.Object["isSecret"]!.GetValue<bool>());
        Assert.False(camel.Object.ContainsKey("is_secret"));
        Assert.Equal(new ReversingCipher().Encrypt("v"), camel.Object["value"]!.GetValue<string>());
    }
}
