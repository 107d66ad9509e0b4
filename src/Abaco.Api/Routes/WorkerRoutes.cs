using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>An actor's workers (reference §1.6 #21-#24).</summary>
public static class WorkerRoutes
{
    public static void MapWorkerRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/workers", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, Views.Views views, Envelope envelope, SearchRunner search) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            if (SearchRunner.IsSearch(http))
                return await search.RespondAsync(http, caller, "workers", new SearchScope(actor.DbId, null));
            var workers = await stores.Workers.ListAsync(actor.DbId, http.RequestAborted);
            return envelope.Ok(new JsonArray(workers.Select(w => (JsonNode?)views.Worker(w)).ToArray()),
                "Workers retrieved successfully.");
        });

        app.MapPost("/actors/{actorId}/workers", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var fields = await RequestFields.ReadAsync(http.Request, settings.Web.Case, "workers request");
            var num = fields.Int("num") ?? 1;
            if (num < 1) throw ApiError.BadRequest($"Invalid workers request: {fields.Name("num")} must be at least 1.");
            var scheduled = await gateway.AskAsync<WorkersScheduled>(new EnsureWorkers(actor.Key, num),
                http.RequestAborted);
            return envelope.Ok(null, scheduled.Scheduled > 0
                ? $"Scheduled {scheduled.Scheduled} new worker(s) to start. Previously, there were {scheduled.Previous} workers."
                : $"Actor {actor.Id} already had {scheduled.Previous} worker(s).");
        });

        app.MapGet("/actors/{actorId}/workers/{workerId}", async (string actorId, string workerId, HttpContext http,
            AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var worker = await stores.Workers.GetAsync(actor.DbId, workerId, http.RequestAborted)
                         ?? throw ApiError.NotFound("Worker not found.");
            return envelope.Ok(views.Worker(worker), "Worker retrieved successfully.");
        });

        app.MapDelete("/actors/{actorId}/workers/{workerId}", async (string actorId, string workerId, HttpContext http,
            AbacoSettings settings, ActorLookup lookup, ActorsGateway gateway, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var result = await gateway.AskAsync<AbacoResult>(new StopWorkerRequest(actor.Key, new WorkerId(workerId)),
                http.RequestAborted);
            if (!result.IsOk) throw ActorsGateway.ToError(result);
            return envelope.Ok(null, result.Message);
        });
    }
}
