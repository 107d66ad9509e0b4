using Abaco.Api.Http;
using Abaco.Core.Executions;
using Abaco.Core.Settings;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>Executions and their logs (reference §1.4 #8, #10, #12), read from the stores.</summary>
public static class ExecutionRoutes
{
    public static void MapExecutionRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/executions", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var executions = await stores.Executions.ListAsync(actor.DbId, http.RequestAborted);
            return envelope.Ok(views.ExecutionsSummary(actor, executions), "Actor executions retrieved successfully.");
        });

        app.MapGet("/actors/{actorId}/executions/{executionId}", async (string actorId, string executionId,
            HttpContext http, AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, Views.Views views,
            Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var execution = await GetAsync(stores, actor.DbId, actor.Id, executionId, http.RequestAborted);
            return envelope.Ok(views.Execution(execution), "Actor execution retrieved successfully.");
        });

        app.MapGet("/actors/{actorId}/executions/{executionId}/logs", async (string actorId, string executionId,
            HttpContext http, AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, Views.Views views,
            Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var execution = await GetAsync(stores, actor.DbId, actor.Id, executionId, http.RequestAborted);
            var logs = await stores.Logs.GetAsync(execution.Id, http.RequestAborted) ?? "";
            return envelope.Ok(views.Logs(execution, logs), "Logs retrieved successfully.");
        });
    }

    private static async Task<ExecutionRecord> GetAsync(IAbacoStores stores, string actorDbId, string actorId,
        string executionId, CancellationToken ct) =>
        await stores.Executions.GetAsync(actorDbId, executionId, ct)
        ?? throw ApiError.BadRequest(
            $"No executions found with actor id of {actorId} and execution id of {executionId}.");
}
