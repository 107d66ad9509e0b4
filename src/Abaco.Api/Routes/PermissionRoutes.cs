using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>
/// The permission documents of actors, aliases and configs (reference §1.7, §1.2 #25-#26, #34, #40; the original's
/// <c>PermissionsResource</c>). GET answers the raw <c>{user: LEVEL}</c> map; POST grants or replaces one user's
/// level and answers the whole map. There is no DELETE: set NONE instead.
/// </summary>
public static class PermissionRoutes
{
    private const string UserHelp = "User owning the permission.";
    private const string Retrieved = "Permissions retrieved successfully.";
    private const string Added = "Permission added successfully.";

    private static readonly string LevelHelp =
        $"Level of the permission: {SharingRules.LevelTuple(SharingRules.PermissionLevelsAllowed)}";

    public static void MapPermissionRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/permissions", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, Envelope envelope) =>
        {
            var dbId = await lookup.DbIdAsync(Caller.From(http, settings).Tenant, actorId, http.RequestAborted);
            return envelope.Ok(await MapAsync(stores, PermissionScope.Actor, dbId, "Actor", http.RequestAborted), Retrieved);
        });

        app.MapPost("/actors/{actorId}/permissions", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            return envelope.Ok(await GrantAsync(http, settings, stores, PermissionScope.Actor, actor.DbId, "Actor"), Added);
        });

        app.MapGet("/actors/aliases/{alias}/permissions", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, Envelope envelope) =>
        {
            var aliasId = $"{Caller.From(http, settings).Tenant}_{alias}";
            // The original looked alias documents up with its actor lookup, hence "Actor".
            return envelope.Ok(await MapAsync(stores, PermissionScope.Alias, aliasId, "Actor", http.RequestAborted), Retrieved);
        });

        app.MapPost("/actors/aliases/{alias}/permissions", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, Envelope envelope) =>
        {
            var record = await AliasRoutes.GetAsync(stores, Caller.From(http, settings), alias, http.RequestAborted);
            return envelope.Ok(await GrantAsync(http, settings, stores, PermissionScope.Alias, record.AliasId, "Actor"), Added);
        });

        app.MapGet("/actors/configs/{name}/permissions", async (string name, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, Envelope envelope) =>
        {
            var configId = $"{Caller.From(http, settings).Tenant}_{name}";
            return envelope.Ok(await MapAsync(stores, PermissionScope.Config, configId, "Config", http.RequestAborted), Retrieved);
        });

        // The original granted the level to the caller instead of to `user` on configs (a slip in its
        // PermissionsResource); here `user` gets it, as for actors and aliases.
        app.MapPost("/actors/configs/{name}/permissions", async (string name, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, Envelope envelope) =>
        {
            var config = await ConfigRoutes.GetAsync(stores, Caller.From(http, settings), name, http.RequestAborted);
            return envelope.Ok(await GrantAsync(http, settings, stores, PermissionScope.Config, config.ConfigId, "Config"), Added);
        });
    }

    /// <summary>The object's document, or the original's 404 (which names the object's store id).</summary>
    private static async Task<JsonObject> MapAsync(IAbacoStores stores, PermissionScope scope,
        string objectId, string noun, CancellationToken ct)
    {
        var entries = await stores.Permissions.GetAsync(scope, objectId, ct)
                      ?? throw ApiError.NotFound($"{noun} {objectId} does not exist");
        return SharingViews.Permissions(entries);
    }

    /// <summary>
    /// Grants <c>user</c> the <c>level</c> of the body and answers the resulting document. The object is known to
    /// exist (the original would also grant on objects that did not).
    /// </summary>
    private static async Task<JsonObject> GrantAsync(HttpContext http, AbacoSettings settings,
        IAbacoStores stores, PermissionScope scope, string objectId, string noun)
    {
        var fields = await OriginalFields.ReadAsync(http.Request, settings.Web.Case, "permissions description",
            "Invalid permissions description: ");
        var user = fields.Required("user", UserHelp);
        var level = SharingRules.GrantLevel(fields.Required("level", LevelHelp));
        await stores.Permissions.SetAsync(scope, objectId, user, level, http.RequestAborted);
        return await MapAsync(stores, scope, objectId, noun, http.RequestAborted);
    }
}
