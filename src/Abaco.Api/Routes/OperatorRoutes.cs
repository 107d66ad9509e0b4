using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// The original's operator endpoints (original-abaco.md §1.2 #46-#48, §5.1): <c>/metrics</c> (Prometheus text, see
/// <see cref="MetricsRoutes"/>), <c>/cron</c> and the HTML <c>/admin/dashboard</c> (admins only; the
/// access control middleware guards <c>/admin</c>). Autoscaling and cron run from events and timers here, so
/// <c>/metrics</c> and <c>/cron</c> only report; nothing waits for a scrape.
/// </summary>
public static class OperatorRoutes
{
    public static void MapOperatorRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapMetricsRoute();
        routes.MapGet("/cron", CronAsync);
        routes.MapMethods("/admin/dashboard", ["GET", "POST"], DashboardAsync);
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

    private static async Task<IResult> DashboardAsync(IAbacoStores stores, CancellationToken ct)
    {
        var actors = await stores.Actors.ListAllAsync(ct);
        var workers = (await stores.Workers.ListAllAsync(ct)).ToLookup(w => w.ActorDbId);
        var html = new StringBuilder("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Abaco dashboard</title>
            <style>body{font-family:sans-serif}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}</style>
            </head><body><h1>Abaco actors</h1><table>
            <tr><th>tenant</th><th>id</th><th>name</th><th>owner</th><th>image</th><th>status</th><th>workers</th></tr>
            """);
        foreach (var actor in actors)
        {
            var ofActor = workers[actor.DbId].ToList();
            var summary = ofActor.Count == 0
                ? "none"
                : string.Join(", ", ofActor.GroupBy(w => w.Status).Select(g => $"{g.Count()} {g.Key}"));
            html.Append("<tr>");
            foreach (var cell in new[] { actor.Tenant, actor.Id, actor.Definition.Name ?? "", actor.Owner,
                         actor.Definition.Image, actor.Status, summary })
                html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table></body></html>\n");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
