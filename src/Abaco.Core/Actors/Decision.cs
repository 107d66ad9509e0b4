namespace Abaco.Core.Actors;

/// <summary>How a refusal reads to the caller (the gateway maps it to a reply code).</summary>
public enum RefusalKind { NotFound, BadRequest, Full }

/// <summary>A request the entity refuses, with the reason the user reads.</summary>
public sealed record Refusal(RefusalKind Kind, string Message);

/// <summary>What the entity does with a request: refuse it, or persist <see cref="Event"/>.</summary>
public sealed record Decision<TEvent>(Refusal? Refusal, TEvent? Event) where TEvent : class, IActorEvent
{
    public static Decision<TEvent> Refuse(RefusalKind kind, string message) => new(new Refusal(kind, message), null);

    public static Decision<TEvent> Persist(TEvent evt) => new(null, evt);
}

/// <summary>What a <c>SendMessage</c> is to the entity (see <see cref="ActorDecisions.Classify"/>).</summary>
public enum SendKind { New, AlreadyQueued, BeingQueued }
