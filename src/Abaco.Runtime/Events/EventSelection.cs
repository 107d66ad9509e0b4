using static Abaco.Protocol.EventProtocol;

namespace Abaco.Runtime.Events;

/// <summary>
/// Which events go where. A linked actor receives exactly what the original published: <c>ACTOR_READY</c> and
/// <c>ACTOR_ERROR</c> on status changes and <c>EXECUTION_COMPLETE</c> when an execution ends, so each execution of
/// the linked actor stands for one of those. <c>EXECUTION_STARTED</c> (defined but never published by the
/// original) reaches webhooks only, and only when the operator opts in (<c>workers.webhook_execution_started</c>).
/// </summary>
public static class EventSelection
{
    public static bool ToLink(string eventType) => eventType is ActorReady or ActorError or ExecutionComplete;

    public static bool ToWebhook(string eventType, bool executionStartedToWebhooks) =>
        ToLink(eventType) || executionStartedToWebhooks && eventType == ExecutionStarted;
}
