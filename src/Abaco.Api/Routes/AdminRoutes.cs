using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Views;
using Abaco.Core.Executions;
using Abaco.Core.Workers;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// Cluster-wide views (original-abaco.md §1.10 #42-#45). The admin ones cross tenants; the middleware lets only admins in.
/// Everything is read from the stores, so no actor entity is woken up to answer.
/// </summary>
public static class AdminRoutes
{
    public static void MapAdminRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/actors/utilization", UtilizationAsync);
        routes.MapGet("/actors/admin", ActorsAsync);
        routes.MapGet("/actors/admin/workers", WorkersAsync);
        routes.MapGet("/actors/admin/executions", ExecutionsAsync);
    }

    /// <summary>Always camel case, as in the original. Abaco has no command queue: spawners get requests as messages.</summary>
    private static async Task<IResult> UtilizationAsync(IAbacoStores stores, Envelope envelope, CancellationToken ct)
    {
        var actors = await stores.Actors.ListAllAsync(ct);
        var workers = await stores.Workers.ListAllAsync(ct);
        return envelope.Ok(new JsonObject
        {
            ["currentActors"] = actors.Count,
            ["totalActors"] = await stores.Actors.CountRegisteredAsync(ct),
            ["workers"] = workers.Count,
            ["commandQueue"] = 0,
        }, "Abaco utilization data retrieved successfully.");
    }

    /// <summary>Every actor of every tenant, with its workers and execution counts.</summary>
    private static async Task<IResult> ActorsAsync(IAbacoStores stores, ViewCase viewCase, Envelope envelope,
        CancellationToken ct)
    {
        var actors = await stores.Actors.ListAllAsync(ct);
        var workers = (await stores.Workers.ListAllAsync(ct)).ToLookup(w => w.ActorDbId);
        var executions = (await stores.Executions.ListByTenantAsync(null, ct)).ToLookup(e => e.ActorDbId);
        var list = new JsonArray();
        foreach (var actor in actors)
        {
            var doc = ActorViews.ActorSnake(actor);
            doc["tenant"] = actor.Tenant;
            doc["db_id"] = actor.DbId;
            doc["workers"] = JsonLists.Of(workers[actor.DbId], WorkerViews.WorkerSnake);
            doc["messages"] = executions[actor.DbId].Count(e => e.Status == ExecutionStatus.Submitted);
            doc["executions"] = executions[actor.DbId].Count();
            doc["runtime"] = executions[actor.DbId].Sum(e => e.Runtime);
            list.Add(viewCase.Cased(doc));
        }
        return envelope.Ok(list, "Actors retrieved successfully.");
    }

    private static async Task<IResult> WorkersAsync(IAbacoStores stores, Envelope envelope, CancellationToken ct)
    {
        var actors = await stores.Actors.ListAllAsync(ct);
        var workers = await stores.Workers.ListAllAsync(ct);
        var withWorkers = workers.Select(w => w.ActorDbId).ToHashSet();
        return envelope.Ok(new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["total_workers"] = workers.Count,
                ["ready_workers"] = workers.Count(w => w.Status == WorkerStatus.Ready),
                ["requested_workers"] = workers.Count(w => w.Status == WorkerStatus.Requested),
                ["error_workers"] = workers.Count(w => w.Status == WorkerStatus.Error),
                ["busy_workers"] = workers.Count(w => w.Status == WorkerStatus.Busy),
                ["actors_no_workers"] = actors.Count(a => !withWorkers.Contains(a.DbId)),
            },
            ["workers"] = JsonLists.Of(workers, WorkerDoc),
        }, "Workers retrieved successfully.");
    }

    private static async Task<IResult> ExecutionsAsync(IAbacoStores stores, Envelope envelope, CancellationToken ct)
    {
        var actors = await stores.Actors.ListAllAsync(ct);
        var existing = actors.Select(a => a.DbId).ToHashSet();
        var all = await stores.Executions.ListByTenantAsync(null, ct);
        var registered = await stores.Actors.CountRegisteredAsync(ct);
        var ofExisting = all.Where(e => existing.Contains(e.ActorDbId)).ToList();
        var byActor = all.ToLookup(e => e.ActorDbId);
        return envelope.Ok(new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["total_actors_all"] = registered,
                ["total_actors_all_with_executions"] = byActor.Count,
                ["total_executions_all"] = all.Count,
                ["total_execution_runtime_all"] = all.Sum(e => e.Runtime),
                ["total_execution_cpu_all"] = all.Sum(e => e.Cpu),
                ["total_execution_io_all"] = all.Sum(e => e.Io),
                ["total_actors_existing"] = actors.Count,
                ["total_actors_existing_with_executions"] = actors.Count(a => byActor[a.DbId].Any()),
                ["total_executions_existing"] = ofExisting.Count,
                ["total_execution_runtime_existing"] = ofExisting.Sum(e => e.Runtime),
                ["total_execution_cpu_existing"] = ofExisting.Sum(e => e.Cpu),
                ["total_execution_io_existing"] = ofExisting.Sum(e => e.Io),
            },
            ["actors"] = new JsonArray(actors.Select(a => (JsonNode?)new JsonObject
            {
                ["actor_id"] = a.Id,
                ["owner"] = a.Owner,
                ["image"] = a.Definition.Image,
                ["total_executions"] = byActor[a.DbId].Count(),
                ["total_execution_cpu"] = byActor[a.DbId].Sum(e => e.Cpu),
                ["total_execution_io"] = byActor[a.DbId].Sum(e => e.Io),
                ["total_execution_runtime"] = byActor[a.DbId].Sum(e => e.Runtime),
            }).ToArray()),
        }, "Executions summary retrieved successfully.");
    }

    private static JsonObject WorkerDoc(WorkerRecord worker)
    {
        var doc = WorkerViews.WorkerSnake(worker);
        doc["actor_id"] = worker.ActorId;
        doc["actor_dbid"] = worker.ActorDbId;
        return doc;
    }
}
