using Abaco.Metrics;
using Prometheus;

namespace Abaco.Api.Routes;

/// <summary>
/// <c>/metrics</c>: this node's Prometheus metrics (docs/metrics.md), kept as things happen, so a scrape reads
/// counters in memory and asks no store anything. The HTTP histograms come from prometheus-net's middleware, labelled
/// by route template (never the path, which holds actor and execution ids), method and status class.
/// </summary>
public static class MetricsRoutes
{
    public static void MapMetricsRoute(this IEndpointRouteBuilder routes) => routes.MapGet("/metrics", ScrapeAsync);

    /// <summary>After routing (the route template is known), before access control (refusals are requests too).</summary>
    public static IApplicationBuilder UseAbacoHttpMetrics(this IApplicationBuilder app) =>
        AbacoMetrics.Ready ? app.UseHttpMetrics(options => options.ReduceStatusCodeCardinality()) : app;

    private static async Task ScrapeAsync(HttpContext http)
    {
        http.Response.ContentType = MetricsExposition.ContentType;
        await MetricsExposition.WriteAsync(http.Response.Body, http.RequestAborted);
    }
}
