using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Views;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Protocol;
using Abaco.Stores;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Executions, their logs and results, and halting them (original-abaco.md §1.4 #8, #10-#13).</summary>
public static class ExecutionRoutes
{
    public static void MapExecutionRoutes(this IEndpointRouteBuilder routes)
    {
        var actorPaths = routes.MapActorGroup();
        actorPaths.MapGet("/executions", ListAsync);
        actorPaths.MapGet("/executions/{executionId}", GetExecutionAsync);
        actorPaths.MapDelete("/executions/{executionId}", HaltAsync);
        actorPaths.MapGet("/executions/{executionId}/logs", LogsAsync);
        actorPaths.MapGet("/executions/{executionId}/results", PopResultAsync);
    }

    private static async Task<IResult> ListAsync(RouteActor actor, Caller caller, HttpRequest request,
        IAbacoStores stores, ExecutionViews views, Envelope envelope, SearchRunner search, CancellationToken ct)
    {
        if (await search.ForListAsync(request, caller, "executions", new SearchScope(actor.DbId, null), ct) is { } found)
            return found;
        var executions = await stores.Executions.ListAsync(actor.DbId, ct);
        return envelope.Ok(views.ExecutionsSummary(actor.Record, executions), "Actor executions retrieved successfully.");
    }

    private static async Task<IResult> GetExecutionAsync(RouteActor actor, string executionId, IAbacoStores stores,
        ExecutionViews views, Envelope envelope, CancellationToken ct)
    {
        var execution = await GetAsync(stores, actor.Record, executionId, ct);
        return envelope.Ok(views.Execution(execution), "Actor execution retrieved successfully.");
    }

    private static async Task<IResult> HaltAsync(RouteActor actor, string executionId, IAbacoStores stores,
        ActorsGateway gateway, Envelope envelope, CancellationToken ct)
    {
        var execution = await GetAsync(stores, actor.Record, executionId, ct);
        if (execution.Status != ExecutionStatus.Running)
            throw ApiError.BadRequest(
                $"Cannot force quit an execution not in RUNNING status. Execution was found in status: {execution.Status}");
        var result = await gateway.CommandAsync(new HaltExecution(actor.Key, new ExecutionId(executionId)), ct);
        return envelope.Ok(null, result.Message);
    }

    private static async Task<IResult> LogsAsync(RouteActor actor, string executionId, Caller caller,
        HttpRequest request, IAbacoStores stores, ExecutionViews views, Envelope envelope, SearchRunner search,
        CancellationToken ct)
    {
        if (await search.ForListAsync(request, caller, "logs", new SearchScope(actor.DbId, executionId), ct) is { } found)
            return found;
        var execution = await GetAsync(stores, actor.Record, executionId, ct);
        var logs = await stores.Logs.GetAsync(execution.Id, ct) ?? "";
        return envelope.Ok(views.Logs(execution, logs), "Logs retrieved successfully.");
    }

    /// <summary>One result per call, destructively, as raw bytes; an empty body when none is waiting (original-abaco.md §1.4 #13).</summary>
    private static async Task<IResult> PopResultAsync(RouteActor actor, string executionId, IAbacoStores stores,
        TimeProvider clock, CancellationToken ct)
    {
        var result = await stores.Results.PopAsync(actor.DbId, executionId, clock.GetUtcNow().UtcDateTime, ct);
        return Results.Bytes(result ?? [], "application/octet-stream");
    }

    private static async Task<ExecutionRecord> GetAsync(IAbacoStores stores, ActorRecord actor, string executionId,
        CancellationToken ct) =>
        await stores.Executions.GetAsync(actor.DbId, executionId, ct)
        ?? throw ApiError.BadRequest(
            $"No executions found with actor id of {actor.Id} and execution id of {executionId}.");
}
