using Akka.Actor;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// A worker repeats its report of an execution's end until the entity acknowledges it (once the end is journalled):
/// the report travels through the shard region, which drops what reaches a shard being handed off. So the entity sees
/// the same report more than once, and settles it once.
/// </summary>
public sealed partial class ActorEntity
{
    // Executions whose end a worker reported and that are being journalled (acknowledged once they are).
    private readonly HashSet<string> _endsReported = [];

    /// <summary>Whether the report is news to act on; a repeat of a settled end is acknowledged here.</summary>
    private bool ShouldSettle(ExecutionFinished done)
    {
        var (executionId, workerId) = (done.ExecutionId.Value, done.WorkerId.Value);
        // Handed off: the shard's next home settles it, from the worker's next repeat.
        if (_handingOff || _endsReported.Contains(executionId)) return false;
        var known = _workers.TryGet(workerId, out var slot);
        // A worker this incarnation never heard from (its identification was lost with the move): it says who it is,
        // and is adopted, or stopped, like any worker reporting after a move.
        if (!known) Sender.Tell(new IdentifyWorkers(Key));
        if (_state.Running.ContainsKey(executionId)) return true;
        Sender.Tell(new FinishAcknowledged(done.ExecutionId));
        if (!known) return true;
        // From a worker since given other work: nothing to do, and the worker is not idle.
        return slot!.CurrentExecution is not { } current || current == executionId;
    }
}
