using Abaco.Api.Dashboard;

namespace Abaco.Api.OpenApi;

/// <summary>The dashboard's page and files (public, no data) and the JSON its admin view reads (admins).</summary>
public static class DashboardOperations
{
    private const string Admin = DashboardRoutes.AdminPath;

    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new("GET", DashboardRoutes.UserPath, "dashboard", "The dashboard (a user's own actors; asks for a credential)",
            ApiResult.Raw("text/html", "An HTML page."), Public: true),
        .. DashboardFiles.Assets.Select(file => new ApiOperation("GET", DashboardRoutes.AssetPath(file.Key), "dashboard",
            "A file of the dashboard page", ApiResult.Raw(file.Value.Split(';')[0], "The dashboard's file."), Public: true)),
        new("GET", $"{Admin}/nodes", "admin", "The cluster's nodes, their roles and reachability (admins)",
            ApiResult.Enveloped("DashboardNode[]", "Every member this node knows of.")),
        new("GET", $"{Admin}/errors", "admin", "Actors in ERROR and the latest failed executions (admins)",
            ApiResult.Enveloped("DashboardErrors", "The recent errors.")),
        new("GET", $"{Admin}/actors/{{actorDbId}}/executions", "admin", "Any tenant's actor's executions (admins)",
            ApiResult.Enveloped("Execution[]", $"The newest {DashboardDataRoutes.ExecutionLimit} executions, newest first.")),
        new("GET", $"{Admin}/actors/{{actorDbId}}/executions/{{executionId}}/logs", "admin",
            "Any tenant's execution's logs (admins)", ApiResult.Enveloped("Logs", "The logs.")),
    ];

    public static readonly ApiShape Node = new("DashboardNode", "A cluster member as the answering node sees it.",
    [
        new("address", "string", "Its Akka address."),
        new("status", "string", "joining, up, leaving, exiting, down or removed."),
        new("roles", "string[]", "api, core, spawner."),
        new("reachable", "boolean", "Whether the answering node's failure detector reaches it."),
        new("leader", "boolean", "Whether it is the cluster's leader."),
        new("self", "boolean", "Whether it is the node that answered."),
    ], Cased: false);

    public static readonly ApiShape Errors = new("DashboardErrors", "What went wrong lately.",
    [
        new("actors", "object[]", "Actors in ERROR: tenant, db_id, id, name, owner, image, status, status_message."),
        new("executions", "object[]",
            $"The newest {DashboardDataRoutes.RecentErrorLimit} executions ended ERROR: tenant, actor_dbid, actor_id, id, status_message, finish_time."),
    ]);

    public static IReadOnlyList<ApiShape> Shapes { get; } = [Node, Errors];
}
