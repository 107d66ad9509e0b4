using Abaco.Core.Actors;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Binary message bodies live in the body store from the POST until their execution ends (COMPLETE or ERROR, purged
/// included); the actor's deletion removes whatever is left of its bodies.
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>Deletes the stored body of an execution about to leave the queue (no-op for other messages).</summary>
    private void DeleteBodyOf(string executionId)
    {
        var message = _state.Running.TryGetValue(executionId, out var running)
            ? running.Message
            : _state.Pending.FirstOrDefault(m => m.ExecutionId == executionId);
        if (message?.BodyRef is not { } body) return;
        // Not awaited: a body left behind (store down) is removed with the actor at the latest.
        Written(_stores.Bodies.DeleteAsync(body.Id), $"Deleting the binary message of execution {executionId}");
    }
}
