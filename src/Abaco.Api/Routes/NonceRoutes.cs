using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Core.Text;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// Nonces of actors and of aliases (original-abaco.md §1.5, §1.2 #17-#20, #32-#33; the original's <c>ActorNonce*Resource</c>
/// and <c>AliasNonce*Resource</c>). A nonce acts as its owner, with the owner's roles at creation; redeeming one is
/// the authentication middleware's business (original-abaco.md §3.17).
/// </summary>
public static class NonceRoutes
{
    private const string LevelHelp = "Permission level associated with this nonce. Default is EXECUTE.";
    private const string MaxUsesHelp = "Maximum number of times this nonce can be redeemed. Default is unlimited.";
    private const string DescriptionHelp = "Description of this nonce";
    private const string NotFound = "Nonce not found.";

    public static void MapNonceRoutes(this IEndpointRouteBuilder routes)
    {
        var actorPaths = routes.MapActorGroup();
        actorPaths.MapGet("/nonces", ListForActorAsync);
        actorPaths.MapPost("/nonces", CreateForActorAsync);
        actorPaths.MapGet("/nonces/{nonceId}", GetForActorAsync);
        actorPaths.MapDelete("/nonces/{nonceId}", DeleteForActorAsync);

        var aliasPaths = routes.MapAliasGroup();
        aliasPaths.MapGet("/nonces", ListForAliasAsync);
        aliasPaths.MapPost("/nonces", CreateForAliasAsync);
        aliasPaths.MapGet("/nonces/{nonceId}", GetForAliasAsync);
        aliasPaths.MapDelete("/nonces/{nonceId}", DeleteForAliasAsync);
    }

    private static Task<IResult> ListForActorAsync(RouteActorDbId actor, Caller caller, IAbacoStores stores,
        SharingViews views, Envelope envelope, CancellationToken ct) =>
        ListAsync(stores, caller, actor.Value, [(PermissionScope.Actor, actor.Value)], views, envelope,
            "Actor nonces retrieved successfully.", ct);

    /// <summary>Unlike the original, a nonce is only made for an actor that exists.</summary>
    private static async Task<IResult> CreateForActorAsync(RouteActor actor, Caller caller, HttpRequest request,
        AbacoSettings settings, IAbacoStores stores, SharingViews views, Envelope envelope, TimeProvider clock,
        CancellationToken ct)
    {
        var nonce = await CreateAsync(request, settings, stores, clock, caller, actor.DbId, aliasId: null, ct);
        return envelope.Ok(views.Nonce(nonce), "Actor nonce created successfully.");
    }

    private static Task<IResult> GetForActorAsync(RouteActorDbId actor, string nonceId, IAbacoStores stores,
        SharingViews views, Envelope envelope, CancellationToken ct) =>
        GetAsync(stores, actor.Value, nonceId, views, envelope, "Actor nonce retrieved successfully.", ct);

    private static Task<IResult> DeleteForActorAsync(RouteActorDbId actor, string nonceId, IAbacoStores stores,
        Envelope envelope, CancellationToken ct) =>
        DeleteAsync(stores, actor.Value, nonceId, envelope, "Actor nonce deleted successfully.", ct);

    private static Task<IResult> ListForAliasAsync(RouteAlias alias, Caller caller, IAbacoStores stores,
        SharingViews views, Envelope envelope, CancellationToken ct) =>
        ListAsync(stores, caller, alias.Record.AliasId,
            [(PermissionScope.Alias, alias.Record.AliasId), (PermissionScope.Actor, alias.Record.ActorDbId)], views,
            envelope, "Alias nonces retrieved successfully.", ct);

    private static async Task<IResult> CreateForAliasAsync(RouteAlias alias, Caller caller, HttpRequest request,
        AbacoSettings settings, IAbacoStores stores, SharingViews views, Envelope envelope, TimeProvider clock,
        CancellationToken ct)
    {
        var nonce = await CreateAsync(request, settings, stores, clock, caller, actorDbId: null, alias.Record.AliasId, ct);
        return envelope.Ok(views.Nonce(nonce), "Alias nonce created successfully.");
    }

    private static Task<IResult> GetForAliasAsync(RouteAlias alias, string nonceId, IAbacoStores stores,
        SharingViews views, Envelope envelope, CancellationToken ct) =>
        GetAsync(stores, alias.Record.AliasId, nonceId, views, envelope, "Alias nonce retrieved successfully.", ct);

    private static Task<IResult> DeleteForAliasAsync(RouteAlias alias, string nonceId, IAbacoStores stores,
        Envelope envelope, CancellationToken ct) =>
        DeleteAsync(stores, alias.Record.AliasId, nonceId, envelope, "Alias nonce deleted successfully.", ct);

    /// <summary>The subject's nonces the caller may see (see <see cref="NonceVisibility"/>).</summary>
    private static async Task<IResult> ListAsync(IAbacoStores stores, Caller caller, string subjectId,
        IEnumerable<(PermissionScope Scope, string ObjectId)> permissionSubjects, SharingViews views,
        Envelope envelope, string message, CancellationToken ct)
    {
        var nonces = await stores.Nonces.ListAsync(subjectId, ct);
        var ceiling = await NonceVisibility.CeilingAsync(stores, caller, permissionSubjects, ct);
        return envelope.Ok(JsonLists.Of(NonceVisibility.Visible(nonces, ceiling), views.Nonce),
            message);
    }

    private static async Task<IResult> GetAsync(IAbacoStores stores, string subjectId, string nonceId,
        SharingViews views, Envelope envelope, string message, CancellationToken ct)
    {
        var nonce = await stores.Nonces.GetAsync(subjectId, nonceId, ct) ?? throw ApiError.BadRequest(NotFound);
        return envelope.Ok(views.Nonce(nonce), message);
    }

    private static async Task<IResult> DeleteAsync(IAbacoStores stores, string subjectId, string nonceId,
        Envelope envelope, string message, CancellationToken ct)
    {
        if (!await stores.Nonces.DeleteAsync(subjectId, nonceId, ct)) throw ApiError.BadRequest(NotFound);
        return envelope.Ok(null, message);
    }

    /// <summary>A new nonce for an actor (by dbid) or an alias (by alias id), owned by the caller.</summary>
    private static async Task<NonceRecord> CreateAsync(HttpRequest request, AbacoSettings settings, IAbacoStores stores,
        TimeProvider clock, Caller caller, string? actorDbId, string? aliasId, CancellationToken ct)
    {
        var fields = await OriginalFields.ReadAsync(request, settings.Web.Case, "nonce description",
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
        await stores.Nonces.AddAsync(nonce, ct);
        return nonce;
    }
}
