using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Api.Sharing;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Registering, reading, updating and deleting actors, and their state (reference §1.3 #1-#7).</summary>
public static class ActorRoutes
{
    public static void MapActorRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors", async (HttpContext http, AbacoSettings settings, IAbacoStores stores, Views.Views views,
            Envelope envelope, SearchRunner search) =>
        {
            var caller = Caller.From(http, settings);
            if (SearchRunner.IsSearch(http)) return await search.RespondAsync(http, caller, "actors", null);
            var actors = await stores.Actors.ListAsync(caller.Tenant, http.RequestAborted);
            var readable = new List<ActorRecord>();
            foreach (var actor in actors)
                if (await CanAsync(stores, caller, actor.DbId, PermissionLevel.Read, http.RequestAborted))
                    readable.Add(actor);
            return envelope.Ok(new JsonArray(readable.Select(a => (JsonNode?)views.Actor(a)).ToArray()),
                "Actors retrieved successfully.");
        });

        app.MapPost("/actors", async (HttpContext http, AbacoSettings settings, ActorsGateway gateway,
            IAbacoStores stores, ActorLookup lookup, Views.Views views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var fields = await RequestFields.ReadAsync(http.Request, settings.Web.Case, "actor description");
            var definition = ActorDefinitionParser.Parse(fields, settings.ForTenant(caller.Tenant));
            var key = ActorKey.New(caller.Tenant);
            await CheckLinkAsync(lookup, stores, caller, definition.Link, key.DbId, http.RequestAborted);
            await WebhookCheck.CheckAsync(definition.Webhook, settings, http.RequestAborted);
            // The owner's permission exists before the actor does (the id is fresh, nobody else can see it), so a
            // registered actor is never left unreachable; it is taken back if registration fails.
            await stores.Permissions.SetAsync(PermissionScope.Actor, key.DbId, caller.User, PermissionLevel.Update,
                http.RequestAborted);
            ActorReply reply;
            try
            {
                reply = await gateway.AskAsync<ActorReply>(
                    new RegisterActor(key, definition, caller.User, caller.ApiServer)
                    {
                        OwnerRoles = OwnerRoles(caller, settings),
                    }, http.RequestAborted);
            }
            catch
            {
                await stores.Permissions.DeleteAsync(PermissionScope.Actor, key.DbId, CancellationToken.None);
                throw;
            }
            if (!reply.Result.IsOk)
                await stores.Permissions.DeleteAsync(PermissionScope.Actor, key.DbId, CancellationToken.None);
            return Reply(reply, views, envelope, "Actor created successfully.");
        });

        app.MapGet("/actors/{actorId}", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            return envelope.Ok(views.Actor(actor), "Actor retrieved successfully.");
        });

        app.MapPut("/actors/{actorId}", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, IAbacoStores stores, Views.Views views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            var fields = await RequestFields.ReadAsync(http.Request, settings.Web.Case, "actor description");
            var definition = ActorDefinitionParser.Parse(fields, settings.ForTenant(caller.Tenant));
            await CheckLinkAsync(lookup, stores, caller, definition.Link, actor.DbId, http.RequestAborted);
            await WebhookCheck.CheckAsync(definition.Webhook, settings, http.RequestAborted);
            var force = fields.Bool("force") ?? false;
            var reply = await gateway.AskAsync<ActorReply>(new UpdateActor(actor.Key, definition, force)
            {
                OwnerRoles = caller.User == actor.Owner ? OwnerRoles(caller, settings) : null,
            }, http.RequestAborted);
            // As the original: whoever updates an actor may update it from then on.
            if (reply.Result.IsOk && caller.User != actor.Owner)
                await stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, caller.User,
                    PermissionLevel.Update, http.RequestAborted);
            return Reply(reply, views, envelope, "Actor updated successfully.");
        });

        app.MapDelete("/actors/{actorId}", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, IAbacoStores stores, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            var result = await gateway.AskAsync<AbacoResult>(new DeleteActor(actor.Key), http.RequestAborted);
            if (!result.IsOk) throw ActorsGateway.ToError(result);
            await RemoveSharingAsync(stores, actor, CancellationToken.None);
            return envelope.Ok(null, result.Message);
        });

        app.MapGet("/actors/{actorId}/state", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            return envelope.Ok(new JsonObject { ["state"] = JsonNode.Parse(actor.State.GetRawText()) },
                "Actor state retrieved successfully.");
        });

        app.MapPost("/actors/{actorId}/state", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var state = await ReadStateAsync(http.Request);
            var reply = await gateway.AskAsync<ActorReply>(new SetActorState(actor.Key, state), http.RequestAborted);
            return Reply(reply, views, envelope, "State updated successfully.");
        });
    }

    /// <summary>
    /// The roles kept on the actor for its workers' tokens: the caller's as authenticated. Without access control the
    /// caller is the anonymous <c>ALL</c>, which is nobody's real role, so nothing is kept.
    /// </summary>
    private static ImmutableArray<string> OwnerRoles(Caller caller, AbacoSettings settings) =>
        settings.Web.AccessControl == AccessControl.Jwt ? caller.Roles : [];

    /// <summary>
    /// Whether the caller holds <paramref name="level"/> on the actor (admins always do). The middleware already
    /// enforced this for actor routes; list views filter with it.
    /// </summary>
    public static async Task<bool> CanAsync(IAbacoStores stores, Caller caller, string dbId, PermissionLevel level,
        CancellationToken ct)
    {
        if (caller.IsAdmin) return true;
        var entries = await stores.Permissions.GetAsync(PermissionScope.Actor, dbId, ct);
        return entries is not null && PermissionRules.Allows(entries, caller.User, level);
    }

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
        if (!await CanAsync(stores, caller, linked.DbId, PermissionLevel.Execute, ct))
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
    /// What the original leaves behind when an actor is deleted (quirk §5.9 #13): its permissions and nonces, and the
    /// aliases pointing at it with theirs; and its place in every config. Executions are kept, as in the original.
    /// </summary>
    private static async Task RemoveSharingAsync(IAbacoStores stores, ActorRecord actor, CancellationToken ct)
    {
        await stores.Permissions.DeleteAsync(PermissionScope.Actor, actor.DbId, ct);
        await stores.Nonces.DeleteForSubjectAsync(actor.DbId, ct);
        foreach (var alias in await stores.Aliases.ListForActorAsync(actor.Tenant, actor.Id, ct))
        {
            await stores.Aliases.DeleteAsync(alias.Tenant, alias.Alias, ct);
            await stores.Permissions.DeleteAsync(PermissionScope.Alias, alias.AliasId, ct);
            await stores.Nonces.DeleteForSubjectAsync(alias.AliasId, ct);
            await ConfigBindings.DropAliasAsync(stores, alias.Tenant, alias.Alias, ct);
        }
        await ConfigBindings.DropActorAsync(stores, actor.Tenant, actor.DbId, ct);
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

    private static IResult Reply(ActorReply reply, Views.Views views, Envelope envelope, string message)
    {
        if (!reply.Result.IsOk || reply.Actor is null) throw ActorsGateway.ToError(reply.Result);
        return envelope.Ok(views.Actor(reply.Actor), message);
    }
}
