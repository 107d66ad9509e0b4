using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Messages;

namespace Abaco.Protocol;

/// <summary>What the gateway asks of an actor's entity.</summary>
public static class ActorCommands
{
    public interface IActorCommand : IWithActorKey, IAbacoProtocolMember;

    /// <summary>Reply: <see cref="ActorReply"/>.</summary>
    public sealed record RegisterActor(ActorKey ActorKey, ActorDefinition Definition, string Owner, string ApiServer)
        : IActorCommand
    {
        /// <summary>The owner's roles, kept as <see cref="ActorRecord.OwnerRoles"/> (absent in older messages: none).</summary>
        public ImmutableArray<string> OwnerRoles { get; init; } = [];
    }

    /// <summary>A PUT (full replacement). Reply: <see cref="ActorReply"/>.</summary>
    public sealed record UpdateActor(ActorKey ActorKey, ActorDefinition Definition, bool Force) : IActorCommand
    {
        /// <summary>
        /// Set when the owner updates the actor: their current roles replace <see cref="ActorRecord.OwnerRoles"/>.
        /// Null (another user's update, or an older message) keeps the stored ones.
        /// </summary>
        public ImmutableArray<string>? OwnerRoles { get; init; }
    }

    /// <summary>Reply: <see cref="AbacoResult"/>, once workers are stopped and records removed.</summary>
    public sealed record DeleteActor(ActorKey ActorKey) : IActorCommand;

    /// <summary>Reply: <see cref="MessageAccepted"/> once the message is durable, or an <see cref="AbacoResult"/>.</summary>
    public sealed record SendMessage(ActorKey ActorKey, QueuedMessage Message) : IActorCommand;

    /// <summary>Reply: <see cref="MessageCount"/>, the messages waiting for a worker.</summary>
    public sealed record GetMessageCount(ActorKey ActorKey) : IActorCommand;

    /// <summary>
    /// Starts the entity so it resumes queued work after a restart; an entity already live writes its records to the
    /// stores again (they may have lost them). No reply.
    /// </summary>
    public sealed record Wake(ActorKey ActorKey) : IActorCommand;

    /// <summary>POST .../state of a stateful actor. Reply: <see cref="ActorReply"/>.</summary>
    public sealed record SetActorState(ActorKey ActorKey, JsonElement State) : IActorCommand;

    /// <summary>Halts a RUNNING execution (its container is stopped; it ends COMPLETE). Reply: <see cref="AbacoResult"/>.</summary>
    public sealed record HaltExecution(ActorKey ActorKey, ExecutionId ExecutionId) : IActorCommand;

    /// <summary>Drops every message still waiting for a worker (their executions end in ERROR). Reply: <see cref="AbacoResult"/>.</summary>
    public sealed record PurgeMessages(ActorKey ActorKey) : IActorCommand;

    /// <summary>POST .../workers: make sure the actor has at least <see cref="Num"/> workers. Reply: <see cref="WorkersScheduled"/>.</summary>
    public sealed record EnsureWorkers(ActorKey ActorKey, int Num) : IActorCommand;

    /// <summary>DELETE .../workers/{wid}: stop one worker gracefully. Reply: <see cref="AbacoResult"/>.</summary>
    public sealed record StopWorkerRequest(ActorKey ActorKey, WorkerId WorkerId) : IActorCommand;

    /// <summary>
    /// A synchronous caller waits for the execution: the reply (<see cref="ExecutionProgress"/>) comes as soon as a
    /// result is available or the execution has ended (at once when it already has).
    /// </summary>
    public sealed record WatchExecution(ActorKey ActorKey, ExecutionId ExecutionId) : IActorCommand;

    public sealed record ActorReply(AbacoResult Result, ActorRecord? Actor) : IAbacoProtocolMember;

    public sealed record WorkersScheduled(int Scheduled, int Previous) : IAbacoProtocolMember;

    public sealed record ExecutionProgress(ExecutionId ExecutionId, bool ResultAvailable, bool Ended) : IAbacoProtocolMember;

    public sealed record MessageCount(int Count) : IAbacoProtocolMember;

    public sealed record MessageAccepted(ExecutionId ExecutionId, int PendingMessages) : IAbacoProtocolMember;
}
