using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Core.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>
/// For operators and orchestrators (not part of the original's API): <c>/healthz/live</c> answers while the process
/// serves HTTP; <c>/healthz/ready</c> only once a request can travel through sharding to an entity and its journal,
/// which is what every write needs.
/// </summary>
public static class HealthRoutes
{
    /// <summary>An actor db id no client can create (ids are Hashids, never "probe").</summary>
    internal const string ProbeDbId = "healthz_probe";

    public static void MapHealthRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", (Envelope envelope) => envelope.Ok(new JsonObject { ["live"] = true }, "Abaco is live."));

        app.MapGet("/healthz/ready", async (HttpContext http, ActorsGateway gateway, Envelope envelope) =>
        {
            try
            {
                await gateway.AskAsync<MessageCount>(new GetMessageCount(ActorKey.Parse(ProbeDbId)), http.RequestAborted);
                return envelope.Ok(new JsonObject { ["ready"] = true }, "Abaco is ready.");
            }
            catch (ApiError e)
            {
                return envelope.Error(StatusCodes.Status503ServiceUnavailable, $"Abaco is not ready: {e.Message}");
            }
        });
    }
}
