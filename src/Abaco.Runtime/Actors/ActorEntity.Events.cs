using Abaco.Core.Ids;
using Abaco.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using static Abaco.Protocol.EventProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Events of <see cref="ActorEntity"/> (original-abaco.md §2.10): published only when the actor has a link or a webhook,
/// to one deliverer of the group (<see cref="Events.EventDeliveryActor"/>), which resolves the link and retries
/// webhooks, so the entity never waits on either.
/// </summary>
public sealed partial class ActorEntity
{
    private void PublishEvent(string eventType, string? statusMessage = null, string? executionId = null,
        string? executionStatus = null, long? exitCode = null)
    {
        if (_behaviour == Behaviour.Absent) return;
        var definition = Actor.Definition;
        if (string.IsNullOrEmpty(definition.Link) && string.IsNullOrEmpty(definition.Webhook)) return;
        _mediator.Tell(new Publish(Topic,
            new ActorEventOccurred(ActorKey.Parse(_dbId), eventType, Now, definition.Link, definition.Webhook, Actor.ApiServer,
                statusMessage, executionId is null ? null : new ExecutionId(executionId), executionStatus, exitCode),
            sendOneMessageToEachGroup: true));
    }
}
