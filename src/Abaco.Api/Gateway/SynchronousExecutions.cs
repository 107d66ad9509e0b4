using Abaco.Api.Http;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Stores;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Gateway;

/// <summary>
/// <c>_abaco_synchronous=true</c> (original-abaco.md §3.8): the reply is the execution's first result as raw bytes, or,
/// when it ends without one, its logs. The entity tells the waiting request when a result arrives or the execution
/// ends, so nothing polls; and unlike the original, an execution ending in ERROR answers too (with its logs).
/// </summary>
public sealed class SynchronousExecutions(ActorsGateway gateway, IAbacoStores stores, TimeProvider clock)
{
    public async Task<IResult> AwaitAsync(ActorRecord actor, string executionId, CancellationToken ct)
    {
        while (true)
        {
            if (await PopAsync(actor, executionId, ct) is { } first) return first;
            if (await HasEndedAsync(actor, executionId, ct)) break;
        }
        if (await PopAsync(actor, executionId, ct) is { } last) return last;
        var logs = await stores.Logs.GetAsync(executionId, ct) ?? "";
        return Results.Content(logs, "text/html; charset=utf-8");
    }

    private async Task<IResult?> PopAsync(ActorRecord actor, string executionId, CancellationToken ct)
    {
        var result = await stores.Results.PopAsync(actor.DbId, executionId, clock.GetUtcNow().UtcDateTime, ct);
        return result is null ? null : Results.Bytes(result, "application/octet-stream");
    }

    /// <summary>Waits until a result arrives (false) or the execution has ended (true).</summary>
    private async Task<bool> HasEndedAsync(ActorRecord actor, string executionId, CancellationToken ct)
    {
        try
        {
            var progress = await gateway.AskAsync<ExecutionProgress>(new WatchExecution(actor.Key, new ExecutionId(executionId)), ct);
            return progress.Ended;
        }
        catch (ApiError e) when (e.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            // No news within the ask timeout: a long run, or the entity moved and forgot us. The store decides.
            var execution = await stores.Executions.GetAsync(actor.DbId, executionId, ct);
            return execution is null || ExecutionStatus.IsFinal(execution.Status);
        }
    }
}
