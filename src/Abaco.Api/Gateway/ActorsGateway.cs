using Abaco.Api.Http;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Akka.Actor;
using Akka.Hosting;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Gateway;

/// <summary>
/// The routes' only way to the actor entities: typed asks with a deadline (<c>web.ask_timeout</c>) linked to the
/// request. A timeout becomes a visible 503, never a hang; error codes become <see cref="ApiError"/>s.
/// </summary>
public sealed class ActorsGateway(IRequiredActor<ActorEntityRegion> region, AbacoSettings settings)
{
    public async Task<T> AskAsync<T>(IActorCommand command, CancellationToken ct)
    {
        object reply;
        try
        {
            var entities = await region.GetAsync(ct);
            reply = await entities.Ask<object>(command, settings.Web.AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            throw new ApiError(503, $"Abaco did not answer within {settings.Web.AskTimeout.TotalSeconds:0} seconds; try again.");
        }
        return reply switch
        {
            T typed => typed,
            AbacoResult result => throw ToError(result),
            Status.Failure failure => throw new ApiError(503, $"Abaco could not complete the request: {failure.Cause.Message}"),
            _ => throw new InvalidOperationException($"Unexpected reply {reply.GetType().Name} to {command.GetType().Name}."),
        };
    }

    public static ApiError ToError(AbacoResult result) => result.Code switch
    {
        AbacoResultCode.NotFound => ApiError.NotFound(result.Message),
        AbacoResultCode.Unavailable => new ApiError(503, result.Message),
        AbacoResultCode.Full => new ApiError(429, result.Message),
        _ => ApiError.BadRequest(result.Message),
    };
}
