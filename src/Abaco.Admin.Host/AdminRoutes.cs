using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Abaco.Admin.Host;

/// <summary>
/// The command host's routes, one per verb, under <see cref="Prefix"/>: reads are GET, changes are POST, tails stream
/// NDJSON (one JSON object per line, flushed as it happens). Errors are <c>{"error": code, "message": text}</c>.
/// </summary>
public static class AdminRoutes
{
    public const string Prefix = "/admin/v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapAdminRoutes(this WebApplication app)
    {
        app.Use(ErrorsAsJsonAsync);
        var v1 = app.MapGroup(Prefix);
        v1.MapGet("/cluster/show", (AdminService s) => Results.Json(s.Show(), Json));
        v1.MapGet("/cluster/leader", (AdminService s) => Results.Json(s.Leader(), Json));
        v1.MapPost("/cluster/leave", (AdminService s, HttpContext h) => Results.Json(s.Leave(Required(h, "address")), Json));
        v1.MapPost("/cluster/down", (AdminService s, HttpContext h) => Results.Json(s.Down(Required(h, "address")), Json));
        v1.MapPost("/cluster/down-unreachable", (AdminService s) => Results.Json(s.DownUnreachable(), Json));
        v1.MapPost("/cluster/join", (AdminService s, HttpContext h) => Results.Json(s.Join(Required(h, "address")), Json));
        v1.MapGet("/cluster/tail", (AdminService s, HttpContext h) => StreamAsync(h, s.TailAsync(h.RequestAborted)));
        v1.MapGet("/sharding/regions", async (AdminService s, HttpContext h) =>
            Results.Json(await s.RegionsAsync(h.RequestAborted), Json));
        v1.MapGet("/sharding/region-stats", async (AdminService s, HttpContext h) =>
            Results.Json(await s.RegionStatsAsync(h.RequestAborted), Json));
        v1.MapGet("/sharding/shard-stats", async (AdminService s, HttpContext h) =>
            Results.Json(await s.ShardStatsAsync(h.RequestAborted), Json));
        v1.MapGet("/singletons", async (AdminService s, HttpContext h) =>
            Results.Json(await s.SingletonsAsync(h.RequestAborted), Json));
        v1.MapGet("/nodes", async (AdminService s, HttpContext h) => Results.Json(await s.NodesAsync(h.RequestAborted), Json));
        v1.MapGet("/actors", async (AdminService s, HttpContext h) =>
            Results.Json(await s.ActorsAsync(Optional(h, "node"), h.RequestAborted), Json));
        v1.MapGet("/actors/{id}", async (AdminService s, HttpContext h, string id) =>
            Results.Json(await s.InspectAsync(id, h.RequestAborted), Json));
        v1.MapGet("/workers", async (AdminService s, HttpContext h) => Results.Json(await s.WorkersAsync(h.RequestAborted), Json));
        v1.MapPost("/spawner/drain", async (AdminService s, HttpContext h) =>
            Results.Json(await s.DrainAsync(Required(h, "node"), true, h.RequestAborted), Json));
        v1.MapPost("/spawner/undrain", async (AdminService s, HttpContext h) =>
            Results.Json(await s.DrainAsync(Required(h, "node"), false, h.RequestAborted), Json));
        v1.MapPost("/reconcile", async (AdminService s, HttpContext h) =>
            Results.Json(await s.ReconcileAsync(Optional(h, "dryRun") is "true", h.RequestAborted), Json));
        v1.MapGet("/log/peek", (AdminService s, HttpContext h) =>
            Results.Json(s.Log.Peek(Level(h), Lines(h)), Json));
        v1.MapGet("/log/tail", (AdminService s, HttpContext h) => StreamAsync(h, s.Log.TailAsync(Level(h), h.RequestAborted)));
        app.MapFallback((HttpContext h) =>
            throw new AdminError(404, "unknown_verb", $"No admin verb at {h.Request.Method} {h.Request.Path}."));
    }

    private static async Task ErrorsAsJsonAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (AdminError e)
        {
            await WriteErrorAsync(http, e);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away (the end of every tail).
        }
        catch (Exception e) when (e is not OutOfMemoryException && !http.Response.HasStarted)
        {
            http.RequestServices.GetService<ILogger<AdminCommandHost>>()?.LogError(e, "Admin verb {Path} failed", http.Request.Path);
            await WriteErrorAsync(http, new AdminError(500, "internal", e.Message));
        }
    }

    public static async Task WriteErrorAsync(HttpContext http, AdminError error)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = error.Status;
        await http.Response.WriteAsJsonAsync(new { error = error.Code, message = error.Message }, Json);
    }

    private static async Task StreamAsync<T>(HttpContext http, IAsyncEnumerable<T> items)
    {
        http.Response.ContentType = "application/x-ndjson";
        // Headers now: the client knows the tail is open before the first event.
        await http.Response.StartAsync(http.RequestAborted);
        await foreach (var item in items)
        {
            await http.Response.WriteAsync(JsonSerializer.Serialize(item, Json) + "\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }

    private static string? Optional(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    private static string Required(HttpContext http, string name) =>
        Optional(http, name) ?? throw AdminError.BadRequest($"The verb needs {name}.");

    private static LogLevel Level(HttpContext http) => Optional(http, "level") is { } name
        ? LogRing.Parse(name) ?? throw AdminError.BadRequest($"Unknown log level '{name}' (TRACE, DEBUG, INFO, WARNING, ERROR).")
        : LogLevel.Trace;

    private static int Lines(HttpContext http) => Optional(http, "lines") is { } text
        ? int.TryParse(text, out var n) && n > 0 ? n : throw AdminError.BadRequest($"--lines must be a positive number, not '{text}'.")
        : 50;
}
