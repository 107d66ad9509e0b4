using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>
/// For operators and orchestrators (not part of the original's API), on every node whatever its roles:
/// <c>/healthz/live</c> answers while the process serves HTTP; <c>/healthz/ready</c> only once the node is Up in the
/// cluster and its stores answer (the health checks tagged "ready") and, on a node with the api role, once a request
/// can travel through sharding to an entity and its journal, which is what every write needs.
/// </summary>
public static class HealthRoutes
{
    /// <summary>An actor db id no client can create (ids are Hashids, never "probe").</summary>
    internal const string ProbeDbId = "healthz_probe";

    /// <summary>The tag of the node's readiness checks (registered by the runtime's hosting).</summary>
    public const string ReadyTag = "ready";

    public static void MapHealthRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz/live", (Envelope envelope) => envelope.Ok(new JsonObject { ["live"] = true }, "Abaco is live."));
        routes.MapGet("/healthz/ready", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, HealthCheckService checks, AbacoSettings settings,
        Envelope envelope, CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), ct);
        if (report.Status != HealthStatus.Healthy) return NotReady(envelope, Reasons(report));
        if (!settings.Node.Has(NodeRoles.Api)) return Ready(envelope, report);
        try
        {
            var gateway = http.RequestServices.GetRequiredService<ActorsGateway>();
            await gateway.AskAsync<MessageCount>(new GetMessageCount(ActorKey.Parse(ProbeDbId)), ct);
            return Ready(envelope, report);
        }
        catch (ApiError e)
        {
            return NotReady(envelope, e.Message);
        }
    }

    private static string Reasons(HealthReport report) =>
        string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => e.Value.Description ?? e.Value.Exception?.Message ?? $"{e.Key} is {e.Value.Status}"));

    /// <summary>Ready, naming the node checks that passed (an api node has passed the entity probe too).</summary>
    private static IResult Ready(Envelope envelope, HealthReport report)
    {
        var checks = new JsonArray(report.Entries.Keys.Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray());
        return envelope.Ok(new JsonObject { ["ready"] = true, ["checks"] = checks }, "Abaco is ready.");
    }

    private static IResult NotReady(Envelope envelope, string reason) =>
        envelope.Error(StatusCodes.Status503ServiceUnavailable, $"Abaco is not ready: {reason}");
}
