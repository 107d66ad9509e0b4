using Akka.Actor;
using Akka.Event;
using WorkerSlot = Abaco.Core.Workers.WorkerSlot<Akka.Actor.IActorRef>;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Workers lost with their node, and worker records nobody claims after the entity itself restarted: what ran there
/// ends ERROR naming the node, and the records (with their clients, so their tokens stop working) go.
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>
    /// A watched worker is gone. <see cref="Terminated.AddressTerminated"/> tells a worker whose node was downed or
    /// removed from the cluster (it never reported its end) from one that stopped on its own node.
    /// </summary>
    private void OnWorkerTerminated(Terminated terminated)
    {
        var slot = _workers.ByHandle(terminated.ActorRef);
        if (slot is null)
        {
            OnSpawnerTerminated(terminated.ActorRef);
            return;
        }
        if (terminated.AddressTerminated)
        {
            _log.Warning("Worker {0} of {1} was lost with its node {2} ({3})", slot.Record.Id, _dbId,
                HostOf(slot), terminated.ActorRef.Path.Address);
            ForgetWorker(slot, NodeLostReason(HostOf(slot), terminated.ActorRef.Path.Address.ToString()));
            return;
        }
        ForgetWorker(slot, "The worker running this execution stopped before it finished (its node may have stopped).");
    }

    /// <summary>A spawner holds the request: the start may now take as long as its host needs (a full host waits).</summary>
    private void OnWorkerRequestHeld(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot) || slot.Handle is not null || slot.Stopping) return;
        if (slot.Spawner is null)
        {
            slot.Spawner = Sender;
            Context.Watch(Sender);
        }
        Timers.StartSingleTimer(TimerKey.WorkerStart(workerId), new WorkerStartTimedOut(workerId), _timings.WorkerStart);
    }

    /// <summary>
    /// No spawner acknowledged the request: it is sent again until <see cref="Timings.WorkerStart"/> has passed since
    /// it was first made, then the actor is told no spawner serves its queue.
    /// </summary>
    private void OnWorkerRequestUnacknowledged(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot) || slot.Handle is not null || slot.Spawner is not null) return;
        if (_behaviour == Behaviour.Absent || slot.Stopping) return;
        if (Now - slot.Record.CreateTime >= _timings.WorkerStart)
        {
            OnSpawnerProbeTimedOut(workerId);
            return;
        }
        SendStartWorker(slot.Record);
    }

    /// <summary>
    /// A spawner that held requests is gone (its node was lost, or it stopped): the workers it had not started yet
    /// are asked of the spawners that remain.
    /// </summary>
    private void OnSpawnerTerminated(IActorRef spawner)
    {
        foreach (var slot in _workers.All.Where(w => w.Spawner?.Equals(spawner) == true).ToList())
        {
            slot.Spawner = null;
            if (slot.Handle is not null || slot.Stopping) continue;
            _log.Info("The spawner holding the request for worker {0} of {1} is gone ({2}); asking again", slot.Record.Id,
                _dbId, spawner.Path.Address);
            SendStartWorker(slot.Record);
        }
    }

    /// <summary>The status message of an execution whose spawner node left the cluster while it ran.</summary>
    public static string NodeLostReason(string hostId, string address) =>
        $"The spawner node {hostId} ({address}) was lost while this execution ran; it was not run again.";

    // The host id comes with the worker's first status report; a worker lost before it is known only by address.
    private static string HostOf(WorkerSlot slot) => slot.Record.HostId.Length > 0 ? slot.Record.HostId : "(unknown host)";

    /// <summary>
    /// After reconciling: reads the actor's worker records, to remove those no surviving worker claimed (they were
    /// requested or run by the entity's previous incarnation, whose workers are gone).
    /// </summary>
    private void CollectUnclaimedWorkerRecords()
    {
        _stores.Workers.ListAsync(_dbId).PipeTo(Self,
            success: records => new StoredWorkerRecords(records.Select(r => r.Id).ToList()),
            failure: e => new StoredWorkerRecords([], e.GetBaseException().Message));
    }

    /// <summary>
    /// Compared with the workers known now (not when the list was asked for), so that a worker requested meanwhile
    /// keeps its record.
    /// </summary>
    private void OnStoredWorkerRecords(StoredWorkerRecords stored)
    {
        if (stored.Error is { } error)
        {
            _log.Warning("Could not list the worker records of {0} after recovery: {1}", _dbId, error);
            return;
        }
        foreach (var workerId in stored.WorkerIds.Where(id => !_workers.TryGet(id, out _)))
        {
            _log.Info("Removing the record of worker {0} of {1}: no surviving worker claims it", workerId, _dbId);
            Written(RemoveWorkerRecords(_dbId, workerId), $"Removing the records of worker {workerId}");
        }
    }

    private sealed record StoredWorkerRecords(IReadOnlyList<string> WorkerIds, string? Error = null)
        : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}
