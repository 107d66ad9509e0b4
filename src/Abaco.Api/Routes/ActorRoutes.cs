using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Registering, reading, updating and deleting actors, and their state (original-abaco.md §1.3 #1-#7).</summary>
public static class ActorRoutes
{
    public static void MapActorRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/actors", ListAsync);
        routes.MapPost("/actors", RegisterAsync);

        routes.MapGet(RouteGroups.ActorPath, (RouteActor actor, ActorViews views, Envelope envelope) =>
            envelope.Ok(views.Actor(actor.Record), "Actor retrieved successfully."));
        routes.MapPut(RouteGroups.ActorPath, UpdateAsync);
        routes.MapDelete(RouteGroups.ActorPath, DeleteAsync);

        var actorPaths = routes.MapActorGroup();
        actorPaths.MapGet("/state", (RouteActor actor, Envelope envelope) =>
            envelope.Ok(new JsonObject { ["state"] = JsonNode.Parse(actor.Record.State.GetRawText()) },
                "Actor state retrieved successfully."));
        actorPaths.MapPost("/state", SetStateAsync);
    }

    /// <summary>The tenant's actors the caller may READ, or a search over them when the query asks for one.</summary>
    private static async Task<IResult> ListAsync(Caller caller, HttpRequest request, IAbacoStores stores,
        ActorViews views, Envelope envelope, SearchRunner search, CancellationToken ct)
    {
        if (await search.ForListAsync(request, caller, "actors", null, ct) is { } found) return found;
        var actors = await stores.Actors.ListAsync(caller.Tenant, ct);
        var readable = new List<ActorRecord>();
        foreach (var actor in actors)
            if (await SharingAccess.AllowsAsync(stores.Permissions, caller, PermissionScope.Actor, actor.DbId,
                    PermissionLevel.Read, ct))
                readable.Add(actor);
        return envelope.Ok(JsonLists.Of(readable, views.Actor),
            "Actors retrieved successfully.");
    }

    private static async Task<IResult> RegisterAsync(Caller caller, HttpRequest request, AbacoSettings settings,
        ActorsGateway gateway, IAbacoStores stores, ActorLookup lookup, ActorViews views, Envelope envelope,
        CancellationToken ct)
    {
        var fields = await RequestFields.ReadAsync(request, settings.Web.Case, "actor description");
        var definition = ActorDefinitionParser.Parse(fields, settings.ForTenant(caller.Tenant));
        var key = ActorKey.New(caller.Tenant);
        await CheckLinkAsync(lookup, stores, caller, definition.Link, key.DbId, ct);
        await WebhookCheck.CheckAsync(definition.Webhook, settings, ct);
        // The owner's permission exists before the actor does (the id is fresh, nobody else can see it), so a
        // registered actor is never left unreachable; it is taken back if registration fails.
        await stores.Permissions.SetAsync(PermissionScope.Actor, key.DbId, caller.User, PermissionLevel.Update, ct);
        ActorReply reply;
        try
        {
            reply = await gateway.AskAsync<ActorReply>(
                new RegisterActor(key, definition, caller.User, caller.ApiServer)
                {
                    OwnerRoles = OwnerRoles(caller, settings),
                }, ct);
        }
        catch
        {
            await stores.Permissions.DeleteAsync(PermissionScope.Actor, key.DbId, CancellationToken.None);
            throw;
        }
        if (!reply.Result.IsOk)
            await stores.Permissions.DeleteAsync(PermissionScope.Actor, key.DbId, CancellationToken.None);
        return Reply(reply, views, envelope, "Actor created successfully.");
    }

    private static async Task<IResult> UpdateAsync(RouteActor target, Caller caller, HttpRequest request,
        AbacoSettings settings, ActorLookup lookup, ActorsGateway gateway, IAbacoStores stores, ActorViews views,
        Envelope envelope, CancellationToken ct)
    {
        var actor = target.Record;
        var fields = await RequestFields.ReadAsync(request, settings.Web.Case, "actor description");
        var definition = ActorDefinitionParser.Parse(fields, settings.ForTenant(caller.Tenant));
        await CheckLinkAsync(lookup, stores, caller, definition.Link, actor.DbId, ct);
        await WebhookCheck.CheckAsync(definition.Webhook, settings, ct);
        var force = fields.Bool("force") ?? false;
        var reply = await gateway.AskAsync<ActorReply>(new UpdateActor(actor.Key, definition, force)
        {
            OwnerRoles = caller.User == actor.Owner ? OwnerRoles(caller, settings) : null,
        }, ct);
        // As the original: whoever updates an actor may update it from then on.
        if (reply.Result.IsOk && caller.User != actor.Owner)
            await stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, caller.User, PermissionLevel.Update, ct);
        return Reply(reply, views, envelope, "Actor updated successfully.");
    }

    private static async Task<IResult> DeleteAsync(RouteActor actor, ActorsGateway gateway, IAbacoStores stores,
        Envelope envelope, CancellationToken ct)
    {
        var result = await gateway.CommandAsync(new DeleteActor(actor.Key), ct);
        await SharingRemoval.RemoveActorAsync(stores, actor.Record, CancellationToken.None);
        return envelope.Ok(null, result.Message);
    }

    private static async Task<IResult> SetStateAsync(RouteActor actor, HttpRequest request, ActorsGateway gateway,
        ActorViews views, Envelope envelope, CancellationToken ct)
    {
        var state = await ReadStateAsync(request);
        var reply = await gateway.AskAsync<ActorReply>(new SetActorState(actor.Key, state), ct);
        return Reply(reply, views, envelope, "State updated successfully.");
    }

    /// <summary>
    /// The roles kept on the actor for its workers' tokens: the caller's as authenticated. Without access control the
    /// caller is the anonymous <c>ALL</c>, which is nobody's real role, so nothing is kept.
    /// </summary>
    private static ImmutableArray<string> OwnerRoles(Caller caller, AbacoSettings settings) =>
        settings.Web.AccessControl == AccessControl.Jwt ? caller.Roles : [];

    /// <summary>
    /// A link must name an existing actor (id or alias) of the tenant that the caller may execute, not the actor
    /// itself, and must not close a cycle of linked actors: following links from the target must never lead back.
    /// </summary>
    private static async Task CheckLinkAsync(ActorLookup lookup, IAbacoStores stores, Caller caller, string link,
        string selfDbId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(link)) return;
        ActorRecord linked;
        try
        {
            linked = await lookup.GetAsync(caller, link, ct);
        }
        catch (ApiError)
        {
            throw ApiError.BadRequest($"Invalid link parameter; no actor or alias found with identifier {link}.");
        }
        if (linked.DbId == selfDbId)
            throw ApiError.BadRequest("Invalid link parameter; an actor cannot link to itself.");
        // Events sent down a link run the linked actor; the original let anyone link to any actor of the tenant.
        if (!await SharingAccess.AllowsAsync(stores.Permissions, caller, PermissionScope.Actor, linked.DbId,
                PermissionLevel.Execute, ct))
            throw ApiError.BadRequest(
                $"Invalid link parameter; you do not have EXECUTE permission on the actor {link}.");

        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var actor in await stores.Actors.ListAsync(caller.Tenant, ct))
        {
            if (string.IsNullOrEmpty(actor.Definition.Link) || actor.DbId == selfDbId) continue;
            try
            {
                links[actor.DbId] = await lookup.DbIdAsync(caller.Tenant, actor.Definition.Link, ct);
            }
            catch (ApiError)
            {
                // a link to an alias that no longer exists leads nowhere
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var next = linked.DbId; links.TryGetValue(next, out var target) && seen.Add(next); next = target)
            if (target == selfDbId)
                throw ApiError.BadRequest("Error: this update would result in a cycle of linked actors.");
    }

    /// <summary>
    /// The state is the whole JSON body, any JSON value. As the original, an absent or "falsy" one ({} [] "" 0 false
    /// null) is refused.
    /// </summary>
    private static async Task<JsonElement> ReadStateAsync(HttpRequest request)
    {
        var text = await BodyText.ReadAsync(request);
        var invalid = ApiError.BadRequest("Invalid actor state description: state must be JSON serializable.");
        if (string.IsNullOrWhiteSpace(text)) throw invalid;
        JsonElement state;
        try
        {
            using var doc = JsonDocument.Parse(text, StrictJson.Document);
            state = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw invalid;
        }
        var falsy = state.ValueKind switch
        {
            JsonValueKind.Object => !state.EnumerateObject().Any(),
            JsonValueKind.Array => state.GetArrayLength() == 0,
            JsonValueKind.String => state.GetString()!.Length == 0,
            JsonValueKind.Number => state.GetDouble() == 0,
            JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => true,
            _ => false,
        };
        if (falsy) throw invalid;
        return state;
    }

    private static IResult Reply(ActorReply reply, ActorViews views, Envelope envelope, string message)
    {
        if (!reply.Result.IsOk || reply.Actor is null) throw ActorsGateway.ToError(reply.Result);
        return envelope.Ok(views.Actor(reply.Actor), message);
    }
}
