using System.Text.Json.Nodes;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Core.Text;

namespace Abaco.Api.Views;

/// <summary>
/// What clients see of aliases, nonces, configs and permission documents (original-abaco.md §1.5, §1.7-§1.9, §2.5-§2.8):
/// the original's <c>display()</c> of each, top-level names in the configured case.
/// </summary>
public sealed class SharingViews(ViewCase viewCase)
{
    /// <summary><c>Alias.display()</c>: the alias without its ids, tenant and api_server, plus links.</summary>
    public JsonObject Alias(AliasRecord alias) => viewCase.Cased(new JsonObject
    {
        ["alias"] = alias.Alias,
        ["actor_id"] = alias.ActorId,
        ["owner"] = alias.Owner,
        ["_links"] = new JsonObject
        {
            ["self"] = ViewLinks.AliasUrl(alias.ApiServer, alias.Alias),
            ["owner"] = ViewLinks.OwnerUrl(alias.ApiServer, alias.Owner),
            ["actor"] = ViewLinks.ActorUrl(alias.ApiServer, alias.ActorId),
        },
    });

    /// <summary>
    /// <c>Nonce.display()</c>. As in the original, an actor nonce has no <c>alias</c> field and an alias nonce has a
    /// null <c>actor_id</c> and its bare alias. The original built an alias nonce's links from that null actor id
    /// (<c>.../actors/v2/None/nonces/...</c>); ours point at the alias: its nonce URL, and the alias as an actor
    /// identifier (every actor route accepts an alias).
    /// </summary>
    public JsonObject Nonce(NonceRecord nonce)
    {
        var alias = nonce.AliasId is { } aliasId ? WithoutTenant(nonce.Tenant, aliasId) : null;
        var actorId = nonce.ActorDbId is { } dbId ? WithoutTenant(nonce.Tenant, dbId) : null;
        var api = nonce.ApiServer;
        var display = new JsonObject
        {
            ["id"] = nonce.Id,
            ["actor_id"] = actorId,
        };
        if (alias is not null) display["alias"] = alias;
        display["owner"] = nonce.Owner;
        display["roles"] = JsonLists.Of(nonce.Roles, r => JsonValue.Create(r));
        display["level"] = PermissionLevels.Text(nonce.Level);
        display["max_uses"] = nonce.MaxUses;
        display["current_uses"] = nonce.CurrentUses;
        display["remaining_uses"] = nonce.RemainingUses;
        display["description"] = nonce.Description;
        display["api_server"] = api;
        display["create_time"] = AbacoTime.Display(nonce.CreateTime);
        display["last_use_time"] = AbacoTime.Display(nonce.LastUseTime);
        display["_links"] = new JsonObject
        {
            ["self"] = alias is null
                ? $"{ViewLinks.ActorUrl(api, actorId ?? "")}/nonces/{nonce.Id}"
                : $"{ViewLinks.AliasUrl(api, alias)}/nonces/{nonce.Id}",
            ["owner"] = ViewLinks.OwnerUrl(api, nonce.Owner),
            ["actor"] = ViewLinks.ActorUrl(api, alias ?? actorId ?? ""),
        };
        return viewCase.Cased(display);
    }

    /// <summary><c>ActorConfig.display()</c>: the stored document without its tenant; a secret shows its ciphertext.</summary>
    public JsonObject Config(ActorConfigRecord config) => viewCase.Cased(new JsonObject
    {
        ["name"] = config.Name,
        ["value"] = config.Value,
        ["is_secret"] = config.IsSecret,
        ["actors"] = config.Actors,
    });

    /// <summary>A permission document as stored: <c>{user: LEVEL}</c> in grant order; user names are never re-cased.</summary>
    public static JsonObject Permissions(IEnumerable<PermissionEntry> entries)
    {
        var map = new JsonObject();
        foreach (var entry in entries) map[entry.User] = PermissionLevels.Text(entry.Level);
        return map;
    }

    /// <summary>An actor id from its dbid, an alias from its alias id: both are <c>{tenant}_{id}</c>.</summary>
    private static string WithoutTenant(string tenant, string id) =>
        id.StartsWith(tenant + "_", StringComparison.Ordinal) ? id[(tenant.Length + 1)..] : id;
}
