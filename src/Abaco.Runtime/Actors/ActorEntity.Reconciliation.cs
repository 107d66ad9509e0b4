using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// The end of reconciliation (the entity recovered: its shard moved, or its node restarted). Executions the journal
/// has running and no worker claimed are not declared interrupted at once: a worker's answer can be slow (its node is
/// busy taking over shards, or its pub-sub registry has not yet heard of this node), and a worker that finished one
/// while the shard moved repeats its report until it is acknowledged. Their workers are asked once more, and those
/// still unclaimed after <see cref="Timings.ClaimGrace"/> end ERROR "interrupted". The actor is active meanwhile.
/// </summary>
public sealed partial class ActorEntity
{
    private void OnReconcileDone()
    {
        // A worker adopted from a READY that has not claimed the journal's execution keeps it until it answers itself:
        // a claim slowed down by a shard move must not end an execution that runs.
        AskUnclaimedWorkers();
        var unclaimed = UnclaimedExecutions();
        if (unclaimed.Count == 0)
        {
            CloseClaims();
            return;
        }
        _log.Info("No worker of {0} claimed {1} yet: its workers are asked again", _dbId, string.Join(", ", unclaimed));
        _mediator.Tell(new Publish(WorkerTopic(_dbId), new IdentifyWorkers(Key)));
        Timers.StartSingleTimer(TimerKey.Claims, ClaimsClosed.Instance, _timings.ClaimGrace);
        EnsureWorkerAndDispatch();
        MaybeIdle();
    }

    private void CloseClaims()
    {
        EndExecutions(UnclaimedExecutions(), InterruptedReason, null);
        CollectUnclaimedWorkerRecords();
        EnsureWorkerAndDispatch();
        MaybeIdle();
    }

    // Running in the journal, held by no worker, and not being settled from a worker's report.
    private List<string> UnclaimedExecutions()
    {
        var claimed = _workers.All.Select(w => w.CurrentExecution).Where(e => e is not null).ToHashSet();
        return _state.Running.Keys.Where(id => !claimed.Contains(id) && !_endsReported.Contains(id)).ToList();
    }

    private sealed class ClaimsClosed : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly ClaimsClosed Instance = new();
    }
}
