using System.Diagnostics;
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
/// <remarks>
/// A command sent while its shard is handed over (a core node leaving) can be dropped by the shard region, and the
/// ask would then wait out the whole budget. Commands the entity may see twice without harm (a message carries the
/// execution id given here, and the entity answers a repeat with the first acceptance; reads) are therefore asked in
/// attempts of <c>web.ask_attempt_timeout</c>, repeated unchanged until an answer comes or the budget is spent.
/// Every deadline comes from <see cref="AskDeadlines"/> (one timer for all asks), so one fires up to a tick late.
/// </remarks>
public sealed class ActorsGateway(IRequiredActor<ActorEntityRegion> region, AbacoSettings settings, AskDeadlines deadlines)
{
    public async Task<T> AskAsync<T>(IActorCommand command, CancellationToken ct)
    {
        object reply;
        try
        {
            var entities = await region.GetAsync(ct);
            reply = MayRepeat(command)
                ? await AskInAttemptsAsync(entities, command, ct)
                : await AskOnceAsync(entities, command, settings.Web.AskTimeout, ct);
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

    /// <summary>Commands whose repetition changes nothing: a message (recognised by its execution id) and reads.</summary>
    public static bool MayRepeat(IActorCommand command) => command is SendMessage or GetMessageCount;

    private async Task<object> AskInAttemptsAsync(IActorRef entities, IActorCommand command, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = settings.Web.AskTimeout - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) throw new AskTimeoutException($"No answer to {command.GetType().Name}");
            try
            {
                return await AskOnceAsync(entities, command, left < settings.Web.AskAttemptTimeout ? left : settings.Web.AskAttemptTimeout, ct);
            }
            catch (AskTimeoutException)
            {
                // The next attempt re-sends the same command: the region routes it to wherever its shard is now.
            }
        }
    }

    /// <summary>
    /// One ask that ends with an <see cref="AskTimeoutException"/> when <paramref name="timeout"/> passes without an
    /// answer, as Akka's own timeout would, and with a cancellation when the caller gives up.
    /// </summary>
    private async Task<object> AskOnceAsync(IActorRef entities, IActorCommand command, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = deadlines.After(timeout);
        using var either = ct.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(ct, deadline) : null;
        try
        {
            // No timeout of Akka's own: that would arm one more timer for this ask.
            return await entities.Ask<object>(command, Timeout.InfiniteTimeSpan, either?.Token ?? deadline);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new AskTimeoutException($"No answer to {command.GetType().Name} within {timeout}");
        }
    }

    /// <summary>A command answered with a bare result: the result when it is OK, else its error.</summary>
    public async Task<AbacoResult> CommandAsync(IActorCommand command, CancellationToken ct)
    {
        var result = await AskAsync<AbacoResult>(command, ct);
        return result.IsOk ? result : throw ToError(result);
    }

    public static ApiError ToError(AbacoResult result) => result.Code switch
    {
        AbacoResultCode.NotFound => ApiError.NotFound(result.Message),
        AbacoResultCode.Unavailable => new ApiError(503, result.Message),
        AbacoResultCode.Full => new ApiError(429, result.Message),
        _ => ApiError.BadRequest(result.Message),
    };
}
