using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>An actor's workers (original-abaco.md §1.6 #21-#24).</summary>
public static class WorkerRoutes
{
    public static void MapWorkerRoutes(this IEndpointRouteBuilder routes)
    {
        var actorPaths = routes.MapActorGroup();
        actorPaths.MapGet("/workers", ListAsync);
        actorPaths.MapPost("/workers", EnsureAsync);
        actorPaths.MapGet("/workers/{workerId}", GetWorkerAsync);
        actorPaths.MapDelete("/workers/{workerId}", StopAsync);
    }

    private static async Task<IResult> ListAsync(RouteActor actor, Caller caller, HttpRequest request,
        IAbacoStores stores, WorkerViews views, Envelope envelope, SearchRunner search, CancellationToken ct)
    {
        if (await search.ForListAsync(request, caller, "workers", new SearchScope(actor.DbId, null), ct) is { } found)
            return found;
        var workers = await stores.Workers.ListAsync(actor.DbId, ct);
        return envelope.Ok(JsonLists.Of(workers, views.Worker),
            "Workers retrieved successfully.");
    }

    /// <summary>Asks for at least <c>num</c> workers (default 1).</summary>
    private static async Task<IResult> EnsureAsync(RouteActor actor, HttpRequest request, AbacoSettings settings,
        ActorsGateway gateway, Envelope envelope, CancellationToken ct)
    {
        var fields = await RequestFields.ReadAsync(request, settings.Web.Case, "workers request");
        var num = fields.Int("num") ?? 1;
        if (num < 1) throw ApiError.BadRequest($"Invalid workers request: {fields.Name("num")} must be at least 1.");
        var scheduled = await gateway.AskAsync<WorkersScheduled>(new EnsureWorkers(actor.Key, num), ct);
        return envelope.Ok(null, scheduled.Scheduled > 0
            ? $"Scheduled {scheduled.Scheduled} new worker(s) to start. Previously, there were {scheduled.Previous} workers."
            : $"Actor {actor.Record.Id} already had {scheduled.Previous} worker(s).");
    }

    private static async Task<IResult> GetWorkerAsync(RouteActor actor, string workerId, IAbacoStores stores,
        WorkerViews views, Envelope envelope, CancellationToken ct)
    {
        var worker = await stores.Workers.GetAsync(actor.DbId, workerId, ct) ?? throw ApiError.NotFound("Worker not found.");
        return envelope.Ok(views.Worker(worker), "Worker retrieved successfully.");
    }

    private static async Task<IResult> StopAsync(RouteActor actor, string workerId, ActorsGateway gateway,
        Envelope envelope, CancellationToken ct)
    {
        var result = await gateway.CommandAsync(new StopWorkerRequest(actor.Key, new WorkerId(workerId)), ct);
        return envelope.Ok(null, result.Message);
    }
}
