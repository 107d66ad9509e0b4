using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Executions, their logs and results, and halting them (reference §1.4 #8, #10-#13).</summary>
public static class ExecutionRoutes
{
    public static void MapExecutionRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/executions", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, IAbacoStores stores, Views.Views views, Envelope envelope, SearchRunner search) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            if (SearchRunner.IsSearch(http))
                return await search.RespondAsync(http, caller, "executions", new SearchScope(actor.DbId, null));
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

        app.MapDelete("/actors/{actorId}/executions/{executionId}", async (string actorId, string executionId,
            HttpContext http, AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, ActorsGateway gateway,
            Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var execution = await GetAsync(stores, actor.DbId, actor.Id, executionId, http.RequestAborted);
            if (execution.Status != ExecutionStatus.Running)
                throw ApiError.BadRequest(
                    $"Cannot force quit an execution not in RUNNING status. Execution was found in status: {execution.Status}");
            var result = await gateway.AskAsync<AbacoResult>(new HaltExecution(actor.Key, new ExecutionId(executionId)),
                http.RequestAborted);
            if (!result.IsOk) throw ActorsGateway.ToError(result);
            return envelope.Ok(null, result.Message);
        });

        app.MapGet("/actors/{actorId}/executions/{executionId}/logs", async (string actorId, string executionId,
            HttpContext http, AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, Views.Views views,
            Envelope envelope, SearchRunner search) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            if (SearchRunner.IsSearch(http))
                return await search.RespondAsync(http, caller, "logs", new SearchScope(actor.DbId, executionId));
            var execution = await GetAsync(stores, actor.DbId, actor.Id, executionId, http.RequestAborted);
            var logs = await stores.Logs.GetAsync(execution.Id, http.RequestAborted) ?? "";
            return envelope.Ok(views.Logs(execution, logs), "Logs retrieved successfully.");
        });

        // One result per call, destructively, as raw bytes; an empty body when none is waiting (reference §1.4 #13).
        app.MapGet("/actors/{actorId}/executions/{executionId}/results", async (string actorId, string executionId,
            HttpContext http, AbacoSettings settings, ActorLookup lookup, IAbacoStores stores, TimeProvider clock) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var result = await stores.Results.PopAsync(actor.DbId, executionId, clock.GetUtcNow().UtcDateTime,
                http.RequestAborted);
            return Results.Bytes(result ?? [], "application/octet-stream");
        });
    }

    private static async Task<ExecutionRecord> GetAsync(IAbacoStores stores, string actorDbId, string actorId,
        string executionId, CancellationToken ct) =>
        await stores.Executions.GetAsync(actorDbId, executionId, ct)
        ?? throw ApiError.BadRequest(
            $"No executions found with actor id of {actorId} and execution id of {executionId}.");
}
