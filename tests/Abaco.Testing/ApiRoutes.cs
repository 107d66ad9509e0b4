namespace Abaco.Testing;

/// <summary>One route of the node's HTTP API: a method and the route template as mapped.</summary>
public sealed record ApiRoute(string Method, string Template)
{
    /// <summary>The template with its parameters replaced by <paramref name="values"/> (missing ones: "x").</summary>
    public string Path(IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(Template, @"\{(\w+)\}",
            m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : "x");

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>
/// Every route the node maps. Kept by hand on purpose: a unit spec (Abaco.Api.Tests, which compiles this file in)
/// compares it with the routes the API really maps, so a route added without being added here fails that spec, and
/// the end-to-end fuzz spec, which walks this table, then covers it.
/// </summary>
public static class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("GET", "/actors"),
        new("POST", "/actors"),
        new("GET", "/actors/admin"),
        new("GET", "/actors/admin/executions"),
        new("GET", "/actors/admin/workers"),
        new("GET", "/actors/aliases"),
        new("POST", "/actors/aliases"),
        new("DELETE", "/actors/aliases/{alias}"),
        new("GET", "/actors/aliases/{alias}"),
        new("PUT", "/actors/aliases/{alias}"),
        new("GET", "/actors/aliases/{alias}/nonces"),
        new("POST", "/actors/aliases/{alias}/nonces"),
        new("DELETE", "/actors/aliases/{alias}/nonces/{nonceId}"),
        new("GET", "/actors/aliases/{alias}/nonces/{nonceId}"),
        new("GET", "/actors/aliases/{alias}/permissions"),
        new("POST", "/actors/aliases/{alias}/permissions"),
        new("GET", "/actors/configs"),
        new("POST", "/actors/configs"),
        new("DELETE", "/actors/configs/{name}"),
        new("GET", "/actors/configs/{name}"),
        new("PUT", "/actors/configs/{name}"),
        new("GET", "/actors/configs/{name}/permissions"),
        new("POST", "/actors/configs/{name}/permissions"),
        new("GET", "/actors/search/{type}"),
        new("GET", "/actors/utilization"),
        new("DELETE", "/actors/{actorId}"),
        new("GET", "/actors/{actorId}"),
        new("PUT", "/actors/{actorId}"),
        new("GET", "/actors/{actorId}/executions"),
        new("DELETE", "/actors/{actorId}/executions/{executionId}"),
        new("GET", "/actors/{actorId}/executions/{executionId}"),
        new("GET", "/actors/{actorId}/executions/{executionId}/logs"),
        new("GET", "/actors/{actorId}/executions/{executionId}/results"),
        new("DELETE", "/actors/{actorId}/messages"),
        new("GET", "/actors/{actorId}/messages"),
        new("POST", "/actors/{actorId}/messages"),
        new("GET", "/actors/{actorId}/nonces"),
        new("POST", "/actors/{actorId}/nonces"),
        new("DELETE", "/actors/{actorId}/nonces/{nonceId}"),
        new("GET", "/actors/{actorId}/nonces/{nonceId}"),
        new("GET", "/actors/{actorId}/permissions"),
        new("POST", "/actors/{actorId}/permissions"),
        new("GET", "/actors/{actorId}/state"),
        new("POST", "/actors/{actorId}/state"),
        new("GET", "/actors/{actorId}/workers"),
        new("POST", "/actors/{actorId}/workers"),
        new("DELETE", "/actors/{actorId}/workers/{workerId}"),
        new("GET", "/actors/{actorId}/workers/{workerId}"),
        new("GET", "/admin/dashboard"),
        new("POST", "/admin/dashboard"),
        new("GET", "/admin/dashboard/actors/{actorDbId}/executions"),
        new("GET", "/admin/dashboard/actors/{actorDbId}/executions/{executionId}/logs"),
        new("GET", "/admin/dashboard/errors"),
        new("GET", "/admin/dashboard/nodes"),
        new("GET", "/cron"),
        new("GET", "/dashboard"),
        new("GET", "/dashboard/dashboard.css"),
        new("GET", "/dashboard/dashboard.js"),
        new("GET", "/docs"),
        new("GET", "/docs/favicon-32x32.png"),
        new("GET", "/docs/swagger-ui-bundle.js"),
        new("GET", "/docs/swagger-ui.css"),
        new("GET", "/healthz/live"),
        new("GET", "/healthz/ready"),
        new("GET", "/metrics"),
        new("GET", "/openapi.json"),
    ];
}
