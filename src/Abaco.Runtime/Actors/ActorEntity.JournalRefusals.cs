using Abaco.Protocol;
using Akka.Actor;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Senders of messages whose <c>MessageQueued</c> is on its way to the journal, in journal order. A failed journal
/// write (a full disk, a database away) stops the entity with every write still in flight; each of those senders is
/// told at once that its message was not accepted and why, rather than waiting out the gateway's ask timeout. The
/// next send restarts the entity and tries the journal again, so the node recovers as soon as the journal does.
/// </summary>
public sealed partial class ActorEntity
{
    private readonly Queue<IActorRef> _awaitingJournal = new();

    private void AwaitJournal(IActorRef replyTo) => _awaitingJournal.Enqueue(replyTo);

    /// <summary>The oldest write in flight landed (PersistAsync handlers run in journal order).</summary>
    private void JournalWritten() => _awaitingJournal.TryDequeue(out _);

    private void RefuseFirstAwaitingJournal(Exception cause)
    {
        if (_awaitingJournal.TryDequeue(out var replyTo)) replyTo.Tell(JournalRefusal(cause));
    }

    private void RefuseAllAwaitingJournal(Exception cause)
    {
        var refusal = JournalRefusal(cause);
        while (_awaitingJournal.TryDequeue(out var replyTo)) replyTo.Tell(refusal);
    }

    private static AbacoResult JournalRefusal(Exception cause) => new(AbacoResultCode.Unavailable,
        $"The message was not accepted: the journal could not be written ({cause.GetBaseException().Message}). " +
        "Try again later.");
}
