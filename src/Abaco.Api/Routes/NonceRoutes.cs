using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Core.Text;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>
/// Nonces of actors and of aliases (reference §1.5, §1.2 #17-#20, #32-#33; the original's <c>ActorNonce*Resource</c>
/// and <c>AliasNonce*Resource</c>). A nonce acts as its owner, with the owner's roles at creation; redeeming one is
/// the authentication middleware's business (reference §3.17).
/// </summary>
public static class NonceRoutes
{
    private const string LevelHelp = "Permission level associated with this nonce. Default is EXECUTE.";
    private const string MaxUsesHelp = "Maximum number of times this nonce can be redeemed. Default is unlimited.";
    private const string DescriptionHelp = "Description of this nonce";
    private const string NotFound = "Nonce not found.";

    public static void MapNonceRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/nonces", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, SharingViews views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var dbId = await lookup.DbIdAsync(caller.Tenant, actorId, http.RequestAborted);
            var nonces = await stores.Nonces.ListAsync(dbId, http.RequestAborted);
            var ceiling = await NonceVisibility.CeilingAsync(stores, caller, [(PermissionScope.Actor, dbId)],
                http.RequestAborted);
            return envelope.Ok(List(NonceVisibility.Visible(nonces, ceiling), views),
                "Actor nonces retrieved successfully.");
        });

        app.MapPost("/actors/{actorId}/nonces", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, SharingViews views, Envelope envelope, TimeProvider clock) =>
        {
            var caller = Caller.From(http, settings);
            // Unlike the original, a nonce is only made for an actor that exists.
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            var nonce = await CreateAsync(http, settings, stores, clock, caller, actor.DbId, aliasId: null);
            return envelope.Ok(views.Nonce(nonce), "Actor nonce created successfully.");
        });

        app.MapGet("/actors/{actorId}/nonces/{nonceId}", async (string actorId, string nonceId, HttpContext http,
            AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, SharingViews views, Envelope envelope) =>
        {
            var dbId = await lookup.DbIdAsync(Caller.From(http, settings).Tenant, actorId, http.RequestAborted);
            var nonce = await stores.Nonces.GetAsync(dbId, nonceId, http.RequestAborted)
                        ?? throw ApiError.BadRequest(NotFound);
            return envelope.Ok(views.Nonce(nonce), "Actor nonce retrieved successfully.");
        });

        app.MapDelete("/actors/{actorId}/nonces/{nonceId}", async (string actorId, string nonceId, HttpContext http,
            AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, Envelope envelope) =>
        {
            var dbId = await lookup.DbIdAsync(Caller.From(http, settings).Tenant, actorId, http.RequestAborted);
            if (!await stores.Nonces.DeleteAsync(dbId, nonceId, http.RequestAborted)) throw ApiError.BadRequest(NotFound);
            return envelope.Ok(null, "Actor nonce deleted successfully.");
        });

        app.MapGet("/actors/aliases/{alias}/nonces", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, SharingViews views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var record = await AliasRoutes.GetAsync(stores, caller, alias, http.RequestAborted);
            var nonces = await stores.Nonces.ListAsync(record.AliasId, http.RequestAborted);
            var ceiling = await NonceVisibility.CeilingAsync(stores, caller,
                [(PermissionScope.Alias, record.AliasId), (PermissionScope.Actor, record.ActorDbId)], http.RequestAborted);
            return envelope.Ok(List(NonceVisibility.Visible(nonces, ceiling), views),
                "Alias nonces retrieved successfully.");
        });

        app.MapPost("/actors/aliases/{alias}/nonces", async (string alias, HttpContext http, AbacoSettings settings,
            IAbacoStores stores, SharingViews views, Envelope envelope, TimeProvider clock) =>
        {
            var caller = Caller.From(http, settings);
            var record = await AliasRoutes.GetAsync(stores, caller, alias, http.RequestAborted);
            var nonce = await CreateAsync(http, settings, stores, clock, caller, actorDbId: null, record.AliasId);
            return envelope.Ok(views.Nonce(nonce), "Alias nonce created successfully.");
        });

        app.MapGet("/actors/aliases/{alias}/nonces/{nonceId}", async (string alias, string nonceId, HttpContext http,
            AbacoSettings settings, IAbacoStores stores, SharingViews views, Envelope envelope) =>
        {
            var record = await AliasRoutes.GetAsync(stores, Caller.From(http, settings), alias, http.RequestAborted);
            var nonce = await stores.Nonces.GetAsync(record.AliasId, nonceId, http.RequestAborted)
                        ?? throw ApiError.BadRequest(NotFound);
            return envelope.Ok(views.Nonce(nonce), "Alias nonce retrieved successfully.");
        });

        app.MapDelete("/actors/aliases/{alias}/nonces/{nonceId}", async (string alias, string nonceId,
            HttpContext http, AbacoSettings settings, IAbacoStores stores, Envelope envelope) =>
        {
            var record = await AliasRoutes.GetAsync(stores, Caller.From(http, settings), alias, http.RequestAborted);
            if (!await stores.Nonces.DeleteAsync(record.AliasId, nonceId, http.RequestAborted))
                throw ApiError.BadRequest(NotFound);
            return envelope.Ok(null, "Alias nonce deleted successfully.");
        });
    }

    /// <summary>A new nonce for an actor (by dbid) or an alias (by alias id), owned by the caller.</summary>
    private static async Task<NonceRecord> CreateAsync(HttpContext http, AbacoSettings settings, IAbacoStores stores,
        TimeProvider clock, Caller caller, string? actorDbId, string? aliasId)
    {
        var fields = await OriginalFields.ReadAsync(http.Request, settings.Web.Case, "nonce description",
            "Invalid nonce description: ");
        var level = SharingRules.NonceLevel(fields.Optional("level", LevelHelp), forAlias: aliasId is not null);
        var maxUses = SharingRules.MaxUses(fields.OptionalInt("max_uses", MaxUsesHelp));
        var description = fields.Optional("description", DescriptionHelp) ?? "";
        var nonce = new NonceRecord(
            Id: $"{caller.Tenant}_{AbacoIds.NewId()}",
            Tenant: caller.Tenant,
            ActorDbId: actorDbId,
            AliasId: aliasId,
            Owner: caller.User,
            Roles: caller.Roles,
            ApiServer: caller.ApiServer,
            Level: level,
            MaxUses: maxUses,
            Description: description,
            CreateTime: AbacoTime.Normalize(clock.GetUtcNow().UtcDateTime),
            LastUseTime: null,
            CurrentUses: 0,
            RemainingUses: maxUses);
        await stores.Nonces.AddAsync(nonce, http.RequestAborted);
        return nonce;
    }

    private static JsonArray List(IEnumerable<NonceRecord> nonces, SharingViews views) =>
        new(nonces.Select(n => (JsonNode?)views.Nonce(n)).ToArray());
}
