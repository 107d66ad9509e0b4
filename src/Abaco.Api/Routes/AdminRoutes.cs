using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Core.Executions;
using Abaco.Core.Workers;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>
/// Cluster-wide views (reference §1.10 #42-#45). The admin ones cross tenants; the middleware lets only admins in.
/// Everything is read from the stores, so no actor entity is woken up to answer.
/// </summary>
public static class AdminRoutes
{
    public static void MapAdminRoutes(this IEndpointRouteBuilder app)
    {
        // Always camel case, as in the original. Abaco has no command queue: spawners get requests as messages.
        app.MapGet("/actors/utilization", async (HttpContext http, IAbacoStores stores, Envelope envelope) =>
        {
            var actors = await stores.Actors.ListAllAsync(http.RequestAborted);
            var workers = await stores.Workers.ListAllAsync(http.RequestAborted);
            return envelope.Ok(new JsonObject
            {
                ["currentActors"] = actors.Count,
                ["totalActors"] = await stores.Actors.CountRegisteredAsync(http.RequestAborted),
                ["workers"] = workers.Count,
                ["commandQueue"] = 0,
            }, "Abaco utilization data retrieved successfully.");
        });

        app.MapGet("/actors/admin", async (HttpContext http, IAbacoStores stores, Views.Views views,
            Envelope envelope) =>
        {
            var actors = await stores.Actors.ListAllAsync(http.RequestAborted);
            var workers = (await stores.Workers.ListAllAsync(http.RequestAborted)).ToLookup(w => w.ActorDbId);
            var executions = (await stores.Executions.ListByTenantAsync(null, http.RequestAborted))
                .ToLookup(e => e.ActorDbId);
            var list = new JsonArray();
            foreach (var actor in actors)
            {
                var doc = Views.Views.ActorSnake(actor);
                doc["tenant"] = actor.Tenant;
                doc["db_id"] = actor.DbId;
                doc["workers"] = new JsonArray(workers[actor.DbId].Select(w => (JsonNode?)Views.Views.WorkerSnake(w)).ToArray());
                doc["messages"] = executions[actor.DbId].Count(e => e.Status == ExecutionStatus.Submitted);
                doc["executions"] = executions[actor.DbId].Count();
                doc["runtime"] = executions[actor.DbId].Sum(e => e.Runtime);
                list.Add(views.Cased(doc));
            }
            return envelope.Ok(list, "Actors retrieved successfully.");
        });

        app.MapGet("/actors/admin/workers", async (HttpContext http, IAbacoStores stores, Envelope envelope) =>
        {
            var actors = await stores.Actors.ListAllAsync(http.RequestAborted);
            var workers = await stores.Workers.ListAllAsync(http.RequestAborted);
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
                ["workers"] = new JsonArray(workers.Select(w =>
                {
                    var doc = Views.Views.WorkerSnake(w);
                    doc["actor_id"] = w.ActorId;
                    doc["actor_dbid"] = w.ActorDbId;
                    return (JsonNode?)doc;
                }).ToArray()),
            }, "Workers retrieved successfully.");
        });

        app.MapGet("/actors/admin/executions", async (HttpContext http, IAbacoStores stores, Envelope envelope) =>
        {
            var actors = await stores.Actors.ListAllAsync(http.RequestAborted);
            var existing = actors.Select(a => a.DbId).ToHashSet();
            var all = await stores.Executions.ListByTenantAsync(null, http.RequestAborted);
            var registered = await stores.Actors.CountRegisteredAsync(http.RequestAborted);
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
        });
    }
}
