using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Views;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Text;
using Abaco.Stores;

namespace Abaco.Api.Dashboard;

/// <summary>
/// The JSON the admin view reads besides <c>/actors/admin</c> and <c>/actors/admin/workers</c>: the cluster's nodes,
/// recent errors, and the executions and logs of any actor of any tenant (by db id, since <c>/actors/{id}</c> is
/// the caller's tenant only). Admins only, as everything under <c>/admin</c>; read from the stores and this node's
/// view of the cluster, so no actor entity is woken up to answer.
/// </summary>
public static class DashboardDataRoutes
{
    /// <summary>How many failed executions the errors list shows, newest first.</summary>
    public const int RecentErrorLimit = 50;

    /// <summary>How many executions of one actor the admin view lists, newest first.</summary>
    public const int ExecutionLimit = 200;

    public static void MapDashboardData(this IEndpointRouteBuilder routes)
    {
        routes.MapGet($"{DashboardRoutes.AdminPath}/nodes", (ClusterNodes nodes, Envelope envelope) =>
            envelope.Ok(nodes.Describe(), "Cluster nodes retrieved successfully."));
        routes.MapGet($"{DashboardRoutes.AdminPath}/errors", RecentErrorsAsync);
        routes.MapGet($"{DashboardRoutes.AdminPath}/actors/{{actorDbId}}/executions", ExecutionsAsync);
        routes.MapGet($"{DashboardRoutes.AdminPath}/actors/{{actorDbId}}/executions/{{executionId}}/logs", LogsAsync);
    }

    /// <summary>Actors in ERROR and the latest executions that ended in ERROR, with why.</summary>
    private static async Task<IResult> RecentErrorsAsync(IAbacoStores stores, ViewCase viewCase, Envelope envelope,
        CancellationToken ct)
    {
        var actors = (await stores.Actors.ListAllAsync(ct)).Where(a => a.Status == ActorStatus.Error);
        var failed = (await stores.Executions.ListByTenantAsync(null, ct))
            .Where(e => e.Status == ExecutionStatus.Error)
            .OrderByDescending(e => e.FinishTime ?? e.MessageReceivedTime)
            .Take(RecentErrorLimit);
        return envelope.Ok(viewCase.Cased(new JsonObject
        {
            ["actors"] = new JsonArray(actors.Select(a => (JsonNode?)new JsonObject
            {
                ["tenant"] = a.Tenant,
                ["db_id"] = a.DbId,
                ["id"] = a.Id,
                ["name"] = a.Definition.Name,
                ["owner"] = a.Owner,
                ["image"] = a.Definition.Image,
                ["status"] = a.Status,
                ["status_message"] = a.StatusMessage,
            }).ToArray()),
            ["executions"] = new JsonArray(failed.Select(e => (JsonNode?)new JsonObject
            {
                ["tenant"] = e.Tenant,
                ["actor_dbid"] = e.ActorDbId,
                ["actor_id"] = e.ActorId,
                ["id"] = e.Id,
                ["status_message"] = e.StatusMessage,
                ["finish_time"] = AbacoTime.Display(e.FinishTime),
            }).ToArray()),
        }), "Recent errors retrieved successfully.");
    }

    private static async Task<IResult> ExecutionsAsync(string actorDbId, IAbacoStores stores, ExecutionViews views,
        Envelope envelope, CancellationToken ct)
    {
        var newestFirst = (await stores.Executions.ListAsync(actorDbId, ct))
            .OrderByDescending(e => e.MessageReceivedTime)
            .Take(ExecutionLimit);
        return envelope.Ok(new JsonArray(newestFirst.Select(e => (JsonNode?)views.Execution(e)).ToArray()),
            "Actor executions retrieved successfully.");
    }

    private static async Task<IResult> LogsAsync(string actorDbId, string executionId, IAbacoStores stores,
        ExecutionViews views, Envelope envelope, CancellationToken ct)
    {
        var execution = await stores.Executions.GetAsync(actorDbId, executionId, ct)
                        ?? throw ApiError.BadRequest(
                            $"No executions found with actor db id of {actorDbId} and execution id of {executionId}.");
        var logs = await stores.Logs.GetAsync(execution.Id, ct) ?? "";
        return envelope.Ok(views.Logs(execution, logs), "Logs retrieved successfully.");
    }
}
