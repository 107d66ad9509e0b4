using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// The original's operator endpoints (original-abaco.md §1.2 #46-#48, §5.1): <c>/metrics</c> (Prometheus text, see
/// <see cref="MetricsRoutes"/>) and <c>/cron</c> (the dashboard is in <c>Dashboard/</c>). Autoscaling and cron run
/// from events and timers here, so <c>/metrics</c> and <c>/cron</c> only report; nothing waits for a scrape.
/// </summary>
public static class OperatorRoutes
{
    public static void MapOperatorRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapMetricsRoute();
        routes.MapGet("/cron", CronAsync);
    }

    private static async Task<IResult> CronAsync(IAbacoStores stores, Envelope envelope, CancellationToken ct)
    {
        var scheduled = (await stores.Actors.ListAllAsync(ct))
            .Where(a => a.Definition.CronOn && a.CronNextEx is not null)
            .Select(a => (JsonNode?)new JsonObject
            {
                ["actor_dbid"] = a.DbId,
                ["cron_schedule"] = a.Definition.CronSchedule,
                ["cron_next_ex"] = a.CronNextEx,
            }).ToArray();
        return envelope.Ok(new JsonArray(scheduled),
            "Cron runs from a timer in each scheduled actor; these are the next runs.");
    }
}
