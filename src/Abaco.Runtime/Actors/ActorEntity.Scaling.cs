using Abaco.Core.Actors;
using Abaco.Core.Workers;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace Abaco.Runtime.Actors;

/// <summary>
/// How many workers <see cref="ActorEntity"/> keeps (reference §3.7, §3.14, §3.21), decided on events instead of
/// the original's 5-s autoscaler and 30-s health passes: more workers as messages wait, none when idle, and the
/// health duties that concern workers (idle TTL, workers stuck shutting down, spawners that never answer).
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>Workers this actor may have: its <c>max_workers</c>, else <c>spawner.max_workers_per_actor</c>.</summary>
    private int MaxWorkers => Actor.Definition.MaxWorkers is > 0 and var max ? max : Math.Max(1, _settings.Spawner.MaxWorkersPerActor);

    /// <summary>Stateless actors follow their queue when <c>workers.autoscaling</c> is on; stateful ones never do.</summary>
    private bool Autoscaled => _settings.Workers.Autoscaling && Actor.Definition.Stateless;

    /// <summary>
    /// Requests the workers the waiting messages need. Autoscaled actors get one per message that no idle or
    /// starting worker will take, up to <see cref="MaxWorkers"/>; the others get the original's
    /// <c>ensure_one_worker</c>: one when messages wait and no worker of the current revision exists.
    /// </summary>
    private void ScaleUp()
    {
        if (_state.PendingCount == 0) return;
        var current = _workers.Values.Where(w => !w.Stopping && w.Record.Revision == Actor.Revision).ToList();
        if (!Autoscaled)
        {
            if (current.Count == 0) RequestWorker(forWork: true);
            return;
        }
        if (current.Count >= MaxWorkers) return;
        // Messages handed to a worker stay pending until the hand-over is journalled: they do not wait.
        var waiting = _state.PendingCount -
                      _workers.Values.Count(w => w.CurrentExecution is { } e && !_state.Running.ContainsKey(e));
        var available = current.Count(w => w.CurrentExecution is null && w.Record.Status != WorkerStatus.Busy);
        var wanted = Math.Min(waiting - available, MaxWorkers - current.Count);
        if (wanted <= 0) return;
        _log.Debug("{0}: {1} messages wait for {2} available workers; requesting {3} more", _dbId, waiting, available,
            wanted);
        for (var i = 0; i < wanted; i++) RequestWorker(forWork: true);
    }

    /// <summary>A worker has nothing to do from now: check it again when its idle grace or TTL runs out.</summary>
    private void MarkIdle(WorkerSlot slot)
    {
        slot.IdleSince = Now;
        ScheduleIdleCheck(slot);
    }

    private void ScheduleIdleCheck(WorkerSlot slot)
    {
        var due = NextIdleDeadline(slot);
        if (due is null)
        {
            Timers.Cancel(TimerKey.Idle(slot.Record.Id));
            return;
        }
        var delay = due.Value - Now;
        Timers.StartSingleTimer(TimerKey.Idle(slot.Record.Id), new IdleCheck(slot.Record.Id),
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    /// <summary>When the idle worker should next be looked at: the end of its grace (if it may be scaled down) or TTL.</summary>
    private DateTime? NextIdleDeadline(WorkerSlot slot)
    {
        if (!slot.IsIdle || slot.IdleSince is not { } since || _behaviour == Behaviour.Absent) return null;
        DateTime? due = null;
        if (Autoscaled && slot.MayScaleDown) due = since + _timings.IdleGrace;
        if (_settings.Workers.WorkerTtl >= 0)
        {
            var ttl = since + TimeSpan.FromSeconds(_settings.Workers.WorkerTtl);
            due = due is null || ttl < due ? ttl : due;
        }
        return due;
    }

    /// <summary>
    /// The idle worker's grace or TTL ran out. TTL (health, §3.14) applies to every actor; scaling down
    /// (§3.7) only to autoscaled ones, and never while messages wait. A <c>sync</c> actor keeps its most
    /// recently active worker while that one has been idle less than <c>workers.sync_max_idle_time</c>.
    /// </summary>
    private void OnIdleCheck(string workerId)
    {
        if (!_workers.TryGetValue(workerId, out var slot) || !slot.IsIdle || slot.IdleSince is not { } since) return;
        if (!Live) return;
        var idle = Now - since;
        if (_settings.Workers.WorkerTtl >= 0 && idle >= TimeSpan.FromSeconds(_settings.Workers.WorkerTtl))
        {
            _log.Info("Worker {0} of {1} was idle {2:0.#} s, beyond workers.worker_ttl: stopping it", workerId, _dbId,
                idle.TotalSeconds);
            StopWorker(slot, halt: false, "it was idle longer than workers.worker_ttl");
            return;
        }
        if (Autoscaled && slot.MayScaleDown && idle >= _timings.IdleGrace && _state.PendingCount == 0)
        {
            if (KeptWarmForSync(slot) is { } keepUntil)
            {
                var delay = keepUntil - Now;
                Timers.StartSingleTimer(TimerKey.Idle(workerId), new IdleCheck(workerId),
                    delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
                return;
            }
            _log.Info("Worker {0} of {1} is idle and no message waits: scaling down", workerId, _dbId);
            StopWorker(slot, halt: false, "the autoscaler scaled the actor down");
            return;
        }
        ScheduleIdleCheck(slot);
    }

    /// <summary>
    /// For an actor with the <c>sync</c> hint whose workers are all idle: until when <paramref name="slot"/> is
    /// kept warm, if it is the most recently active one (its last execution, else its creation).
    /// </summary>
    private DateTime? KeptWarmForSync(WorkerSlot slot)
    {
        if (!Actor.Definition.Hints.Contains("sync", StringComparer.OrdinalIgnoreCase)) return null;
        var viable = _workers.Values.Where(w => !w.Stopping).ToList();
        if (!viable.All(w => w.IsIdle)) return null;
        var mostRecent = viable.MaxBy(LastActive);
        if (!ReferenceEquals(mostRecent, slot)) return null;
        var until = LastActive(slot) + TimeSpan.FromSeconds(_settings.Workers.SyncMaxIdleTime);
        return until > Now ? until : null;
    }

    private static DateTime LastActive(WorkerSlot slot) => slot.Record.LastExecutionTime ?? slot.Record.CreateTime;

    /// <summary>A worker asked to stop that never went away (its node hung) is forgotten, with what it ran.</summary>
    private void OnStuckShutdown(string workerId)
    {
        if (!_workers.TryGetValue(workerId, out var slot) || !slot.Stopping) return;
        _log.Warning("Worker {0} of {1} did not stop within {2}; forgetting it", workerId, _dbId, _timings.StuckShutdown);
        if (slot.CurrentExecution is { } executionId && _state.Running.ContainsKey(executionId))
            EndExecution(executionId, "The worker running this execution did not stop when asked; it was abandoned.",
                workerId);
        RemoveWorker(slot);
        if (_behaviour == Behaviour.Deleting)
        {
            OnWorkerGoneWhileDeleting();
            return;
        }
        EnsureWorkerAndDispatch();
        MaybeIdle();
    }

    /// <summary>
    /// No spawner started the worker in time. A spawner that holds the request back because its host is full
    /// (§3.2 back-pressure) still answers an <see cref="Identify"/>; then the request keeps waiting.
    /// </summary>
    private void OnWorkerStartTimedOut(string workerId)
    {
        if (!_workers.TryGetValue(workerId, out var slot) || slot.Ref is not null || _behaviour == Behaviour.Absent) return;
        _mediator.Tell(new Send($"/user/{SpawnerPath(Actor.Definition.Queue)}", new Identify(workerId),
            localAffinity: true));
        Timers.StartSingleTimer(TimerKey.WorkerStart(workerId), new SpawnerProbeTimedOut(workerId), _timings.SpawnerProbe);
    }

    private void OnSpawnerIdentity(ActorIdentity identity)
    {
        if (identity.MessageId is not string workerId || identity.Subject is null) return;
        if (!_workers.TryGetValue(workerId, out var slot) || slot.Ref is not null) return;
        _log.Info("Worker {0} of {1} still waits for a free slot on a spawner of queue {2}", workerId, _dbId,
            _state.Actor?.Definition.Queue);
        Timers.StartSingleTimer(TimerKey.WorkerStart(workerId), new WorkerStartTimedOut(workerId), _timings.WorkerStart);
    }

    private void OnSpawnerProbeTimedOut(string workerId)
    {
        if (!_workers.TryGetValue(workerId, out var slot) || slot.Ref is not null) return;
        _log.Warning("Worker {0} of {1} was not started by any spawner of queue {2} in time", workerId, _dbId,
            _state.Actor?.Definition.Queue);
        RemoveWorker(slot);
        if (Live && Actor.Status == ActorStatus.Submitted)
            ChangeStatus(ActorStatus.Error,
                $"No spawner serving queue '{Actor.Definition.Queue}' started a worker within {_timings.WorkerStart.TotalMinutes} minutes.");
    }
}
