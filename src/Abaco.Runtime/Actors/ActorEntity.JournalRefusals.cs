using Abaco.Protocol;
using Akka.Actor;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Senders of messages whose <c>MessageQueued</c> is on its way to the journal, in journal order, and of messages
/// that arrived while the entity was still recovering. A failed journal write (a full disk, a database away) stops the
/// entity with every write still in flight, and a failed recovery stops it with every message that waited for it;
/// each of those senders is told at once that its message was not accepted and why, rather than waiting out the
/// gateway's ask timeout. The next send restarts the entity and tries the journal again, so the node recovers as
/// soon as the journal does.
/// </summary>
public sealed partial class ActorEntity
{
    private readonly Queue<IActorRef> _awaitingJournal = new();
    private readonly List<IActorRef> _sendsDuringRecovery = [];

    // Commands that arrive during recovery wait in the persistence stash, out of reach should recovery fail.
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (IsRecovering && message is SendMessage) _sendsDuringRecovery.Add(Sender);
        return base.AroundReceive(receive, message);
    }

    /// <summary>Recovery completed: the waiting sends are handled as usual.</summary>
    private void ForgetSendsDuringRecovery() => _sendsDuringRecovery.Clear();

    private void RefuseSendsDuringRecovery(Exception cause)
    {
        var refusal = JournalRefusal(cause, "read");
        foreach (var replyTo in _sendsDuringRecovery) replyTo.Tell(refusal);
        _sendsDuringRecovery.Clear();
    }

    private void AwaitJournal(IActorRef replyTo) => _awaitingJournal.Enqueue(replyTo);

    /// <summary>The oldest write in flight landed (PersistAsync handlers run in journal order).</summary>
    private void JournalWritten() => _awaitingJournal.TryDequeue(out _);

    private void RefuseFirstAwaitingJournal(Exception cause)
    {
        if (_awaitingJournal.TryDequeue(out var replyTo)) replyTo.Tell(JournalRefusal(cause, "written"));
    }

    private void RefuseAllAwaitingJournal(Exception cause)
    {
        var refusal = JournalRefusal(cause, "written");
        while (_awaitingJournal.TryDequeue(out var replyTo)) replyTo.Tell(refusal);
    }

    private static AbacoResult JournalRefusal(Exception cause, string readOrWritten) => new(AbacoResultCode.Unavailable,
        $"The message was not accepted: the journal could not be {readOrWritten} ({cause.GetBaseException().Message}). " +
        "Try again later.");
}
