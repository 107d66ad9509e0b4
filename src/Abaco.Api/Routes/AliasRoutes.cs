using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>
/// Aliases (reference §1.8, §1.2 #27-#31; the original's <c>AliasesResource</c> and <c>AliasResource</c>). The
/// authorization middleware has checked READ/UPDATE on the alias in the path; these routes check the actor an alias
/// is pointed at themselves.
/// </summary>
public static class AliasRoutes
{
    // The original's parser help texts, which its refusals quote.
    private const string AliasHelp = "Actual alias for the actor; must be unique within a tenant.";
    private const string ActorIdHelp = "The human readable id for the actor associated with this alias.";
    private const string InvalidAlias = "Invalid alias description. Missing required field: ";

    public static void MapAliasRoutes(this IEndpointRouteBuilder app)
    {
        // Every alias of the tenant, with no permission filter (as the original).
        app.MapGet("/actors/aliases", async (HttpContext http, AbacoSettings settings, IAbacoStores stores,
            SharingViews views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var aliases = await stores.Aliases.ListAsync(caller.Tenant, http.RequestAborted);
            return envelope.Ok(new JsonArray(aliases.Select(a => (JsonNode?)views.Alias(a)).ToArray()),
                "Aliases retrieved successfully.");
        });

        app.MapPost("/actors/aliases", async (HttpContext http, AbacoSettings settings, IAbacoStores stores,
            SharingViews views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var ct = http.RequestAborted;
            var fields = await OriginalFields.ReadAsync(http.Request, settings.Web.Case, "alias description", InvalidAlias);
            var alias = fields.Required("alias", AliasHelp);
            var actorId = fields.Required("actor_id", ActorIdHelp);
            if (AbacoIds.IsHashid(alias))
                throw ApiError.BadRequest("Invalid alias description. Alias cannot be an Abaco hash id.");

            // The target must be an actor id (not another alias) of the caller's tenant that the caller may update.
            var dbId = new ActorKey(caller.Tenant, new ActorId(actorId)).DbId;
            _ = await stores.Actors.GetAsync(dbId, ct) ?? throw ApiError.NotFound($"No actor found with id: {actorId}.");
            if (!await SharingAccess.MayUpdateAsync(stores.Permissions, caller, PermissionScope.Actor, dbId, ct))
                throw ApiError.BadRequest($"Not authorized -- you do not have access to {actorId}.");
            if (NameRules.Alias.Problem(alias) is { } problem) throw ApiError.BadRequest(problem);

            var record = new AliasRecord(caller.Tenant, alias, actorId, caller.User, caller.ApiServer);
            if (!await stores.Aliases.AddAsync(record, ct)) throw ApiError.BadRequest($"Alias {alias} already exists.");
            await stores.Permissions.SetAsync(PermissionScope.Alias, record.AliasId, caller.User, PermissionLevel.Update, ct);
            return envelope.Ok(views.Alias(record), "Actor alias created successfully.");
        });

        app.MapGet("/actors/aliases/{alias}", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, SharingViews views, Envelope envelope) =>
        {
            var record = await GetAsync(stores, Caller.From(http, settings), alias, http.RequestAborted);
            return envelope.Ok(views.Alias(record), "Alias retrieved successfully.");
        });

        // Re-points the alias. Its owner stays; the caller (who may update the alias) gets UPDATE on it too.
        app.MapPut("/actors/aliases/{alias}", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, SharingViews views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var ct = http.RequestAborted;
            var current = await GetAsync(stores, caller, alias, ct);
            var fields = await OriginalFields.ReadAsync(http.Request, settings.Web.Case, "alias description", InvalidAlias);
            if (fields.Has("alias"))
                throw ApiError.BadRequest(
                    "Invalid alias update description. The alias itself cannot be updated in a PUT request.");
            var actorId = fields.Required("actor_id", ActorIdHelp);
            var dbId = new ActorKey(caller.Tenant, new ActorId(actorId)).DbId;
            if (!await SharingAccess.MayUpdateAsync(stores.Permissions, caller, PermissionScope.Actor, dbId, ct))
                throw ApiError.BadRequest("Not authorized -- you do not have UPDATE access to the actor you want to " +
                                          "associate with this alias.");
            // The original did not check that the new actor exists, so an admin could point an alias at nothing.
            _ = await stores.Actors.GetAsync(dbId, ct) ?? throw ApiError.NotFound($"No actor found with id: {actorId}.");

            var updated = current with { ActorId = actorId };
            await stores.Aliases.UpdateAsync(updated, ct);
            await stores.Permissions.SetAsync(PermissionScope.Alias, updated.AliasId, caller.User, PermissionLevel.Update, ct);
            return envelope.Ok(views.Alias(updated), "Actor alias updated successfully.");
        });

        // Removes the alias, its permission document and its nonces. The original left an alias's nonces behind
        // (quirk 13 of reference §5.9): they would come back to life on a new alias of the same name.
        app.MapDelete("/actors/aliases/{alias}", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, Envelope envelope) =>
        {
            var ct = http.RequestAborted;
            var record = await GetAsync(stores, Caller.From(http, settings), alias, ct);
            await stores.Aliases.DeleteAsync(record.Tenant, record.Alias, ct);
            await stores.Permissions.DeleteAsync(PermissionScope.Alias, record.AliasId, ct);
            await stores.Nonces.DeleteForSubjectAsync(record.AliasId, ct);
            await ConfigBindings.DropAliasAsync(stores, record.Tenant, record.Alias, ct);
            // (The original formatted its alias object into this message by accident; the name is meant.)
            return envelope.Ok(null, $"Alias {record.Alias} deleted successfully.");
        });
    }

    /// <summary>An alias of the caller's tenant, or the original's 404.</summary>
    internal static async Task<AliasRecord> GetAsync(IAbacoStores stores, Caller caller, string alias, CancellationToken ct) =>
        await stores.Aliases.GetAsync(caller.Tenant, alias, ct) ?? throw ApiError.NotFound($"No alias found: {alias}.");
}
