using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Registering, reading, updating and deleting actors (reference §1.3 #1-#5).</summary>
public static class ActorRoutes
{
    public static void MapActorRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors", async (HttpContext http, AbacoSettings settings, IAbacoStores stores, Views.Views views,
            Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var actors = await stores.Actors.ListAsync(caller.Tenant, http.RequestAborted);
            return envelope.Ok(new JsonArray(actors.Select(a => (JsonNode?)views.Actor(a)).ToArray()),
                "Actors retrieved successfully.");
        });

        app.MapPost("/actors", async (HttpContext http, AbacoSettings settings, ActorsGateway gateway,
            Views.Views views, Envelope envelope) =>
        {
            var caller = Caller.From(http, settings);
            var fields = await RequestFields.ReadAsync(http.Request, settings.Web.Case, "actor description");
            var definition = ActorDefinitionParser.Parse(fields, settings);
            var key = ActorKey.New(caller.Tenant);
            var reply = await gateway.AskAsync<ActorReply>(
                new RegisterActor(key.DbId, definition, caller.User, caller.ApiServer), http.RequestAborted);
            return Reply(reply, views, envelope, "Actor created successfully.");
        });

        app.MapGet("/actors/{actorId}", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            return envelope.Ok(views.Actor(actor), "Actor retrieved successfully.");
        });

        app.MapPut("/actors/{actorId}", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var fields = await RequestFields.ReadAsync(http.Request, settings.Web.Case, "actor description");
            var definition = ActorDefinitionParser.Parse(fields, settings);
            var force = fields.Bool("force") ?? false;
            var reply = await gateway.AskAsync<ActorReply>(new UpdateActor(actor.DbId, definition, force),
                http.RequestAborted);
            return Reply(reply, views, envelope, "Actor updated successfully.");
        });

        app.MapDelete("/actors/{actorId}", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var result = await gateway.AskAsync<AbacoResult>(new DeleteActor(actor.DbId), http.RequestAborted);
            if (!result.IsOk) throw ActorsGateway.ToError(result);
            return envelope.Ok(null, result.Message);
        });
    }

    private static IResult Reply(ActorReply reply, Views.Views views, Envelope envelope, string message)
    {
        if (!reply.Result.IsOk || reply.Actor is null) throw ActorsGateway.ToError(reply.Result);
        return envelope.Ok(views.Actor(reply.Actor), message);
    }
}
