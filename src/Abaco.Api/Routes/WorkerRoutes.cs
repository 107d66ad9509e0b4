using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Core.Settings;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>An actor's workers (reference §1.6 #21).</summary>
public static class WorkerRoutes
{
    public static void MapWorkerRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/workers", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var workers = await stores.Workers.ListAsync(actor.DbId, http.RequestAborted);
            return envelope.Ok(new JsonArray(workers.Select(w => (JsonNode?)views.Worker(w)).ToArray()),
                "Workers retrieved successfully.");
        });
    }
}
