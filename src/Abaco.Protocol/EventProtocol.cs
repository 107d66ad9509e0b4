using Abaco.Core.Ids;

namespace Abaco.Protocol;

/// <summary>Actor events (original-abaco.md §2.10, §3.9) travelling from an actor's entity to the event deliverer.</summary>
public static class EventProtocol
{
    public const string Topic = "abaco-events";
    public const string ActorReady = "ACTOR_READY";
    public const string ActorError = "ACTOR_ERROR";
    public const string ExecutionStarted = "EXECUTION_STARTED";
    public const string ExecutionComplete = "EXECUTION_COMPLETE";

    /// <summary>
    /// Published by an entity whose actor has a <see cref="Link"/> or a <see cref="Webhook"/>; the link (an id or
    /// alias) is resolved when the event is delivered, so alias changes are followed.
    /// </summary>
    public sealed record ActorEventOccurred(
        ActorKey ActorKey,
        string EventType,
        DateTime Time,
        string Link,
        string Webhook,
        string ApiServer,
        string? StatusMessage = null,
        ExecutionId? ExecutionId = null,
        string? ExecutionStatus = null,
        long? ExitCode = null) : IAbacoProtocolMember;
}
