using System.Text;
using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// The original's operator endpoints (original-abaco.md §1.2 #46-#48, §5.1): <c>/metrics</c> (Prometheus text, no
/// authentication, for the internal network) and <c>/cron</c> (the dashboard is in <c>Dashboard/</c>). Autoscaling and cron run from events and timers here, so
/// <c>/metrics</c> and <c>/cron</c> only report; nothing waits for a scrape.
/// </summary>
public static class OperatorRoutes
{
    public static void MapOperatorRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", MetricsAsync);
        routes.MapGet("/cron", CronAsync);
    }

    /// <summary>Counted by the stores (SQL COUNT … GROUP BY, a Redis script): no record is loaded to answer a scrape.</summary>
    private static async Task<IResult> MetricsAsync(IAbacoStores stores, CancellationToken ct)
    {
        var text = new StringBuilder();
        Gauge(text, "abaco_actors", "Actors registered now.", [("", await stores.Actors.CountAsync(ct))]);
        Gauge(text, "abaco_actors_registered_total", "Actors ever registered.",
            [("", await stores.Actors.CountRegisteredAsync(ct))]);
        Gauge(text, "abaco_workers", "Workers by status.", Labelled("status", await stores.Workers.CountByStatusAsync(ct)));
        Gauge(text, "abaco_executions", "Executions by status.",
            Labelled("status", await stores.Executions.CountByStatusAsync(ct)));
        Gauge(text, "abaco_actor_messages", "Messages waiting for a worker, per actor.",
            Labelled("actor_dbid", await stores.Executions.CountSubmittedByActorAsync(ct)));
        // This node's managed heap after the last collection (to see that memory stays bounded under load).
        text.Append("# HELP abaco_node_gc_heap_bytes The managed heap of the node that answered, after its last GC.\n")
            .Append("# TYPE abaco_node_gc_heap_bytes gauge\n")
            .Append("abaco_node_gc_heap_bytes ").Append(GC.GetGCMemoryInfo().HeapSizeBytes).Append('\n');
        return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
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

    // Sorted by label value so a scrape reads the same whichever order the store grouped in.
    private static List<(string Labels, int Value)> Labelled(string label, IReadOnlyDictionary<string, int> counts) =>
        counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => ($"{label}=\"{c.Key}\"", c.Value)).ToList();

    private static void Gauge(StringBuilder text, string name, string help, IReadOnlyList<(string Labels, int Value)> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" gauge\n");
        foreach (var (labels, value) in samples)
            text.Append(name).Append(labels.Length == 0 ? "" : $"{{{labels}}}").Append(' ').Append(value).Append('\n');
    }
}
