using Abaco.Core.Actors;
using Abaco.Core.Messages;

namespace Abaco.Protocol;

/// <summary>What the gateway asks of an actor's entity.</summary>
public static class ActorCommands
{
    public interface IActorCommand : IWithActorDbId, IAbacoProtocolMember;

    /// <summary>Reply: <see cref="ActorReply"/>.</summary>
    public sealed record RegisterActor(string DbId, ActorDefinition Definition, string Owner, string ApiServer)
        : IActorCommand;

    /// <summary>A PUT (full replacement). Reply: <see cref="ActorReply"/>.</summary>
    public sealed record UpdateActor(string DbId, ActorDefinition Definition, bool Force) : IActorCommand;

    /// <summary>Reply: <see cref="AbacoResult"/>, once workers are stopped and records removed.</summary>
    public sealed record DeleteActor(string DbId) : IActorCommand;

    /// <summary>Reply: <see cref="MessageAccepted"/> once the message is durable, or an <see cref="AbacoResult"/>.</summary>
    public sealed record SendMessage(string DbId, QueuedMessage Message) : IActorCommand;

    /// <summary>Reply: <see cref="MessageCount"/>, the messages waiting for a worker.</summary>
    public sealed record GetMessageCount(string DbId) : IActorCommand;

    /// <summary>Starts the entity so it resumes queued work after a restart. No reply.</summary>
    public sealed record Wake(string DbId) : IActorCommand;

    public sealed record ActorReply(AbacoResult Result, ActorRecord? Actor) : IAbacoProtocolMember;

    public sealed record MessageCount(int Count) : IAbacoProtocolMember;

    public sealed record MessageAccepted(string ExecutionId, int PendingMessages) : IAbacoProtocolMember;
}
