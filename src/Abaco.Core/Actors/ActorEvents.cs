using Abaco.Core.Messages;

namespace Abaco.Core.Actors;

/// <summary>
/// What an actor's entity persists. Events are facts, applied by <see cref="ActorEntityState.Apply"/> with no side
/// effects; their serialized form is part of the journal's contract (manifests in Abaco.Protocol).
/// </summary>
public interface IActorEvent;

public sealed record ActorRegistered(ActorRecord Actor) : IActorEvent;

/// <summary>A PUT: the whole record after the update (revision and status included).</summary>
public sealed record ActorUpdated(ActorRecord Actor) : IActorEvent;

public sealed record ActorStatusChanged(string Status, string StatusMessage, DateTime At) : IActorEvent;

public sealed record ActorDeleted(DateTime At) : IActorEvent;

/// <summary>A message was accepted; from this moment it must run or be visibly marked ERROR.</summary>
public sealed record MessageQueued(QueuedMessage Message) : IActorEvent;

/// <summary>A worker took the message; if the worker vanishes the execution is marked ERROR, never re-run silently.</summary>
public sealed record ExecutionDispatched(string ExecutionId, string WorkerId) : IActorEvent;

/// <summary>The execution reached COMPLETE or ERROR and leaves the entity's queue.</summary>
public sealed record ExecutionEnded(string ExecutionId, string Status) : IActorEvent;

/// <summary>
/// The worker it was handed to refused it, still busy with another execution: the message goes back to the head of the
/// queue, never having run, and waits for a free worker.
/// </summary>
public sealed record ExecutionReturned(string ExecutionId) : IActorEvent;
