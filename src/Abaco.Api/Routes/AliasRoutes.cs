using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// Aliases (original-abaco.md §1.8, §1.2 #27-#31; the original's <c>AliasesResource</c> and <c>AliasResource</c>). The
/// authorization middleware has checked READ/UPDATE on the alias in the path; these routes check the actor an alias
/// is pointed at themselves.
/// </summary>
public static class AliasRoutes
{
    // The original's parser help texts, which its refusals quote.
    private const string AliasHelp = "Actual alias for the actor; must be unique within a tenant.";
    private const string ActorIdHelp = "The human readable id for the actor associated with this alias.";
    private const string InvalidAlias = "Invalid alias description. Missing required field: ";

    public static void MapAliasRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/actors/aliases", ListAsync);
        routes.MapPost("/actors/aliases", AddAsync);

        routes.MapGet(RouteGroups.AliasPath, (RouteAlias alias, SharingViews views, Envelope envelope) =>
            envelope.Ok(views.Alias(alias.Record), "Alias retrieved successfully."));
        routes.MapPut(RouteGroups.AliasPath, RepointAsync);
        routes.MapDelete(RouteGroups.AliasPath, DeleteAsync);
    }

    /// <summary>Every alias of the tenant, with no permission filter (as the original).</summary>
    private static async Task<IResult> ListAsync(Caller caller, IAbacoStores stores, SharingViews views,
        Envelope envelope, CancellationToken ct)
    {
        var aliases = await stores.Aliases.ListAsync(caller.Tenant, ct);
        return envelope.Ok(JsonLists.Of(aliases, views.Alias),
            "Aliases retrieved successfully.");
    }

    private static async Task<IResult> AddAsync(Caller caller, HttpRequest request, AbacoSettings settings,
        IAbacoStores stores, SharingViews views, Envelope envelope, CancellationToken ct)
    {
        var fields = await OriginalFields.ReadAsync(request, settings.Web.Case, "alias description", InvalidAlias);
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
    }

    /// <summary>Re-points the alias. Its owner stays; the caller (who may update the alias) gets UPDATE on it too.</summary>
    private static async Task<IResult> RepointAsync(RouteAlias alias, Caller caller, HttpRequest request,
        AbacoSettings settings, IAbacoStores stores, SharingViews views, Envelope envelope, CancellationToken ct)
    {
        var fields = await OriginalFields.ReadAsync(request, settings.Web.Case, "alias description", InvalidAlias);
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

        var updated = alias.Record with { ActorId = actorId };
        await stores.Aliases.UpdateAsync(updated, ct);
        await stores.Permissions.SetAsync(PermissionScope.Alias, updated.AliasId, caller.User, PermissionLevel.Update, ct);
        return envelope.Ok(views.Alias(updated), "Actor alias updated successfully.");
    }

    /// <summary>
    /// Removes the alias, its permission document and its nonces. The original left an alias's nonces behind
    /// (original-abaco.md §5.9 quirk 13): they would come back to life on a new alias of the same name.
    /// </summary>
    private static async Task<IResult> DeleteAsync(RouteAlias alias, IAbacoStores stores, Envelope envelope,
        CancellationToken ct)
    {
        await SharingRemoval.RemoveAliasAsync(stores, alias.Record, ct);
        // (The original formatted its alias object into this message by accident; the name is meant.)
        return envelope.Ok(null, $"Alias {alias.Record.Alias} deleted successfully.");
    }
}
