using Abaco.Core.Actors;
using Abaco.Core.Workers;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using WorkerSlot = Abaco.Core.Workers.WorkerSlot<Akka.Actor.IActorRef>;

namespace Abaco.Runtime.Actors;

/// <summary>
/// How many workers <see cref="ActorEntity"/> keeps (original-abaco.md §3.7, §3.14, §3.21), decided on events instead of
/// the original's 5-s autoscaler and 30-s health passes: more workers as messages wait, none when idle, and the
/// health duties that concern workers (idle TTL, workers stuck shutting down, spawners that never answer).
/// </summary>
public sealed partial class ActorEntity
{
    private ScalingPolicy Scaling =>
        ScalingPolicy.For(Actor.Definition, _settings.Workers, _settings.Spawner, _timings.IdleGrace);

    /// <summary>Requests the workers the waiting messages need (<see cref="WorkerPool{THandle}.WorkersToRequest"/>).</summary>
    private void ScaleUp()
    {
        var wanted = _workers.WorkersToRequest(Scaling, Actor.Revision, _state.PendingCount, _state.Running.ContainsKey);
        if (wanted <= 0) return;
        _log.Debug("{0}: {1} messages wait; requesting {2} more workers", _dbId, _state.PendingCount, wanted);
        for (var i = 0; i < wanted; i++) RequestWorker(forWork: true);
    }

    /// <summary>A worker has nothing to do from now: check it again when its idle grace or TTL runs out.</summary>
    private void MarkIdle(WorkerSlot slot)
    {
        slot.IdleSince = Now;
        ScheduleIdleCheck(slot, _behaviour == Behaviour.Absent ? null : WorkerPool<IActorRef>.NextIdleDeadline(slot, Scaling));
    }

    private void ScheduleIdleCheck(WorkerSlot slot, DateTime? due)
    {
        if (due is null)
        {
            Timers.Cancel(TimerKey.Idle(slot.Record.Id));
            return;
        }
        var delay = due.Value - Now;
        Timers.StartSingleTimer(TimerKey.Idle(slot.Record.Id), new IdleCheck(slot.Record.Id),
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    /// <summary>The idle worker's grace or TTL ran out (<see cref="WorkerPool{THandle}.JudgeIdle"/>).</summary>
    private void OnIdleCheck(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot) || !slot.IsIdle || slot.IdleSince is not { } since) return;
        if (!Live) return;
        var verdict = _workers.JudgeIdle(slot, Scaling, _state.PendingCount, Now);
        switch (verdict.Action)
        {
            case IdleAction.StopForTtl:
                _log.Info("Worker {0} of {1} was idle {2:0.#} s, beyond workers.worker_ttl: stopping it", workerId, _dbId,
                    (Now - since).TotalSeconds);
                StopWorker(slot, halt: false, "it was idle longer than workers.worker_ttl");
                break;
            case IdleAction.ScaleDown:
                _log.Info("Worker {0} of {1} is idle and no message waits: scaling down", workerId, _dbId);
                StopWorker(slot, halt: false, "the autoscaler scaled the actor down");
                break;
            default:
                ScheduleIdleCheck(slot, verdict.RecheckAt);
                break;
        }
    }

    /// <summary>A worker asked to stop that never went away (its node hung) is forgotten, with what it ran.</summary>
    private void OnStuckShutdown(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot) || !slot.Stopping) return;
        _log.Warning("Worker {0} of {1} did not stop within {2}; forgetting it", workerId, _dbId, _timings.StuckShutdown);
        ForgetWorker(slot, "The worker running this execution did not stop when asked; it was abandoned.");
    }

    /// <summary>
    /// No spawner started the worker in time. A spawner that holds the request back because its host is full
    /// (original-abaco.md §3.2 back-pressure) still answers an <see cref="Identify"/>; then the request keeps waiting.
    /// </summary>
    private void OnWorkerStartTimedOut(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot) || slot.Handle is not null || _behaviour == Behaviour.Absent) return;
        // The spawner that acknowledged the request is asked; without one, any spawner of the queue (not with local
        // affinity, for the reason SendStartWorker gives).
        if (slot.Spawner is { } spawner) spawner.Tell(new Identify(workerId));
        else
            _mediator.Tell(new Send($"/user/{SpawnerPath(Actor.Definition.Queue)}", new Identify(workerId),
                localAffinity: false));
        Timers.StartSingleTimer(TimerKey.WorkerStart(workerId), new SpawnerProbeTimedOut(workerId), _timings.SpawnerProbe);
    }

    private void OnSpawnerIdentity(ActorIdentity identity)
    {
        if (identity.MessageId is not string workerId || identity.Subject is null) return;
        if (!_workers.TryGet(workerId, out var slot) || slot.Handle is not null) return;
        _log.Info("Worker {0} of {1} still waits for a free slot on a spawner of queue {2}", workerId, _dbId,
            _state.Actor?.Definition.Queue);
        Timers.StartSingleTimer(TimerKey.WorkerStart(workerId), new WorkerStartTimedOut(workerId), _timings.WorkerStart);
    }

    private void OnSpawnerProbeTimedOut(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot) || slot.Handle is not null) return;
        _log.Warning("Worker {0} of {1} was not started by any spawner of queue {2} in time", workerId, _dbId,
            _state.Actor?.Definition.Queue);
        RemoveWorker(slot);
        if (Live && Actor.Status == ActorStatus.Submitted)
            ChangeStatus(ActorStatus.Error,
                $"No spawner serving queue '{Actor.Definition.Queue}' started a worker within {_timings.WorkerStart.TotalMinutes} minutes.");
    }
}
