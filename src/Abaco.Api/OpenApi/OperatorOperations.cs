namespace Abaco.Api.OpenApi;

/// <summary>The operator routes: search, utilization, admin views, health, metrics, cron, the dashboard and these docs.</summary>
public static class OperatorOperations
{
    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new("GET", "/actors/search/{type}", "search", "Search actors, workers, executions or logs",
            Env("SearchResult", "One page of matches."), Query: ActorOperations.Search,
            Description: "type is actors, workers, executions or logs; other query keys filter by field " +
                         "(name=value, or name.gt, .gte, .lt, .lte, .neq, .like, .nlike, .in, .nin, .between)."),
        new("GET", "/actors/utilization", "admin", "The tenant's load", Env("Utilization", "Counts.")),
        new("GET", "/actors/admin", "admin", "Every actor of every tenant (admins)", Env("AdminActor[]", "The actors.")),
        new("GET", "/actors/admin/workers", "admin", "Every worker (admins)", Env("AdminWorkers", "The workers.")),
        new("GET", "/actors/admin/executions", "admin", "Execution totals (admins)", Env("AdminExecutions", "The totals.")),
        new("GET", "/admin/dashboard", "admin", "The admin dashboard (admins)", ApiResult.Raw("text/html", "An HTML page.")),
        new("POST", "/admin/dashboard", "admin", "The admin dashboard (admins)", ApiResult.Raw("text/html", "An HTML page.")),
        new("GET", "/metrics", "admin", "Prometheus metrics (admins)",
            ApiResult.Raw("text/plain", "The Prometheus text format.")),
        new("GET", "/cron", "admin", "The next cron runs (admins)", Env("CronRun[]", "The scheduled runs.")),

        new("GET", "/healthz/live", "health", "Liveness probe", Env("Live", "The process answers."), Public: true),
        new("GET", "/healthz/ready", "health", "Readiness probe (503 when not ready)", Env("Ready", "The node can serve."),
            Public: true),

        new("GET", OpenApiRoutes.DocumentPath, "docs", "This OpenAPI document",
            ApiResult.Raw("application/json", "The OpenAPI 3.0 document, in the node's web.case."), Public: true),
        new("GET", OpenApiRoutes.UiPath, "docs", "The browsable API documentation (Swagger UI)",
            ApiResult.Raw("text/html", "An HTML page."), Public: true),
        .. SwaggerUiPage.Files.Select(file => new ApiOperation("GET", OpenApiRoutes.AssetPath(file.Key), "docs",
            "A file of the documentation page", ApiResult.Raw(file.Value.Split(';')[0], "Swagger UI's file."), Public: true)),
    ];

    private static ApiResult Env(string? shape, string description) => ApiResult.Enveloped(shape, description);
}
