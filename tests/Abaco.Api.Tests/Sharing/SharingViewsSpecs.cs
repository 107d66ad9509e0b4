using System.Text.Json.Nodes;
using Abaco.Api.Views;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests.Sharing;

/// <summary>What clients see of aliases, nonces, configs and permission documents (original-abaco.md §2.5-§2.8).</summary>
public sealed class SharingViewsSpecs
{
    private const string Api = "http://172.17.0.1:8000";
    private static readonly DateTime Created = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);

    private static SharingViews Snake => new(new ViewCase(Settings()));
    private static SharingViews Camel => new(new ViewCase(Settings(CaseStyle.Camel)));

    private static NonceRecord ActorNonce() => new("DEV_N1", "DEV", "DEV_AKeo3XGAGyRr", null, "jdoe",
        ["Internal/abaco-user"], Api, PermissionLevel.Read, 3, "d", Created, Created.AddMinutes(1), 1, 2);

    [Fact(DisplayName = "An actor nonce has no alias field (as in the original)")]
    public void An_actor_nonce_has_no_alias_field()
    {
        var expected = JsonNode.Parse($$"""
            {"id": "DEV_N1", "actor_id": "AKeo3XGAGyRr", "owner": "jdoe", "roles": ["Internal/abaco-user"],
             "level": "READ", "max_uses": 3, "current_uses": 1, "remaining_uses": 2, "description": "d",
             "api_server": "{{Api}}", "create_time": "2021-05-17T15:53:57.088Z",
             "last_use_time": "2021-05-17T15:54:57.088Z",
             "_links": {"self": "{{Api}}/actors/v2/AKeo3XGAGyRr/nonces/DEV_N1", "owner": "{{Api}}/profiles/v2/jdoe",
                        "actor": "{{Api}}/actors/v2/AKeo3XGAGyRr"} }
            """);
        Assert.True(JsonNode.DeepEquals(expected, Snake.Nonce(ActorNonce())), Snake.Nonce(ActorNonce()).ToJsonString());
    }

    [Fact(DisplayName = "An alias nonce shows its bare alias for tenants with underscores")]
    public void An_alias_nonce_shows_its_bare_alias_for_tenants_with_underscores()
    {
        var nonce = ActorNonce() with { Id = "DEV_STAGING_N2", Tenant = "DEV_STAGING", ActorDbId = null,
            AliasId = "DEV_STAGING_my_alias", LastUseTime = null };

        var view = Snake.Nonce(nonce);

        Assert.Null(view["actor_id"]);
        Assert.Equal("my_alias", view["alias"]!.GetValue<string>());
        Assert.Equal("None", view["last_use_time"]!.GetValue<string>());
        Assert.Equal($"{Api}/actors/v2/aliases/my_alias/nonces/DEV_STAGING_N2", view["_links"]!["self"]!.GetValue<string>());
        Assert.Equal($"{Api}/actors/v2/my_alias", view["_links"]!["actor"]!.GetValue<string>());
    }

    [Fact(DisplayName = "Camel mode converts top-level names only")]
    public void Camel_mode_converts_top_level_names_only()
    {
        var view = Camel.Nonce(ActorNonce());
        Assert.Equal(["id", "actorId", "owner", "roles", "level", "maxUses", "currentUses", "remainingUses",
            "description", "apiServer", "createTime", "lastUseTime", "_links"], view.Select(p => p.Key));
        Assert.Equal(["self", "owner", "actor"], view["_links"]!.AsObject().Select(p => p.Key));
    }

    [Fact(DisplayName = "An alias hides its ids, tenant and api_server")]
    public void An_alias_hides_its_ids_tenant_and_api_server()
    {
        var alias = new AliasRecord("DEV", "greeter", "AKeo3XGAGyRr", "jdoe", Api);
        Assert.Equal("""{"alias":"greeter","actor_id":"AKeo3XGAGyRr","owner":"jdoe","_links":{"self":"http://172.17.0.1:8000/actors/v2/aliases/greeter","owner":"http://172.17.0.1:8000/profiles/v2/jdoe","actor":"http://172.17.0.1:8000/actors/v2/AKeo3XGAGyRr"}}""",
            Snake.Alias(alias).ToJsonString());
        Assert.True(Camel.Alias(alias).ContainsKey("actorId"));
    }

    [Fact(DisplayName = "A config shows its stored document without the tenant")]
    public void A_config_shows_its_stored_document_without_the_tenant()
    {
        var config = new ActorConfigRecord("DEV", "token", "gAAAA-cipher", true, "A1,greeter");
        Assert.Equal("""{"name":"token","value":"gAAAA-cipher","is_secret":true,"actors":"A1,greeter"}""",
            Snake.Config(config).ToJsonString());
        Assert.Equal("""{"name":"token","value":"gAAAA-cipher","isSecret":true,"actors":"A1,greeter"}""",
            Camel.Config(config).ToJsonString());
    }

    [Fact(DisplayName = "A permission document keeps grant order and user names")]
    public void A_permission_document_keeps_grant_order_and_user_names() =>
        Assert.Equal("""{"j_doe":"UPDATE","ABACO_WORLD":"READ","bob":"NONE"}""",
            SharingViews.Permissions([
                new PermissionEntry("j_doe", PermissionLevel.Update),
                new PermissionEntry(PermissionLevels.World, PermissionLevel.Read),
                new PermissionEntry("bob", PermissionLevel.None),
            ]).ToJsonString());
}
