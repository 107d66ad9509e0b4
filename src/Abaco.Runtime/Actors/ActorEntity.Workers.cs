using System.Diagnostics;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Telemetry;
using Abaco.Core.Messages;
using Abaco.Core.Workers;
using Abaco.Protocol;
using Abaco.Runtime.Workers;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;
using WorkerSlot = Abaco.Core.Workers.WorkerSlot<Akka.Actor.IActorRef>;

namespace Abaco.Runtime.Actors;

/// <summary>
/// The worker side of <see cref="ActorEntity"/>: requesting workers from the spawners, handing queued messages to
/// workers that report READY, and turning their reports (and deaths) into execution and worker records.
/// </summary>
public sealed partial class ActorEntity
{
    // ---------------------------------------------------------------- dispatch

    /// <summary>Requests the workers waiting messages need (<see cref="ScaleUp"/>) and hands messages to idle ones.</summary>
    private void EnsureWorkerAndDispatch()
    {
        if (_behaviour != Behaviour.Active || _handingOff || Actor.Status == ActorStatus.Error) return;
        ScaleUp();
        Dispatch();
    }

    // A warm worker's end being settled: its worker and when the entity received it (Stopwatch ticks), so the
    // dispatch of its next execution in the same journal write can time the entity's share of the hand-over.
    private (string WorkerId, long ReceivedAt)? _warmEndInHand;

    private void Dispatch()
    {
        if (!Live || _handingOff || Actor.Status == ActorStatus.Error) return;
        var assignments = _workers.Assign(_state.Pending, Actor.Revision);
        if (assignments.Count == 0) return;
        var actor = Actor;
        var warmEnd = _warmEndInHand;
        var byExecution = assignments.ToDictionary(a => a.Message.ExecutionId, a => (a.Worker.Handle!, a.Message));
        PersistAllAsync(assignments.Select(a => new ExecutionDispatched(a.Message.ExecutionId, a.Worker.Record.Id)), evt =>
        {
            Apply(evt);
            var (worker, message) = byExecution[evt.ExecutionId];
            if (!_state.Running.ContainsKey(evt.ExecutionId))
            {
                // Ended (purged, actor deleted) while the dispatch was being journalled: the worker stays free.
                if (_workers.TryGet(evt.WorkerId, out var slot) && slot.CurrentExecution == evt.ExecutionId)
                    slot.CurrentExecution = null;
                Dispatch();
                return;
            }
            if (warmEnd is { } end && end.WorkerId == evt.WorkerId)
                WarmStepClock.ObserveSince("entity_handover", end.ReceivedAt);
            _log.Debug("Execution {0} of {1} goes to worker {2}", evt.ExecutionId, _dbId, evt.WorkerId);
            using var span = AbacoTracing.Start("abaco.entity.dispatch", message.TraceParent, evt.ExecutionId, _dbId);
            span?.SetTag(AbacoTracing.WorkerIdTag, evt.WorkerId);
            worker.Tell(new RunExecution(actor, message.Carrying(span)));
        });
    }

    /// <summary>
    /// Asks a spawner of the actor's queue for a worker. <paramref name="forWork"/>: requested because messages
    /// wait, so the autoscaler may stop it as soon as it is idle; other workers (init_count, POST .../workers, a
    /// new image) are kept until they have run something.
    /// </summary>
    private void RequestWorker(bool forWork = false)
    {
        var id = WorkerId.New().Value;
        var record = new WorkerRecord(id, Actor.Tenant, Actor.Id, WorkerStatus.Requested, Actor.Definition.Image,
            Actor.Revision, "", WorkerRecord.NoContainer, "", "", Now, null, null);
        _workers.Add(new WorkerSlot(record) { ScaledByQueue = forWork });
        WriteWorkerRecord(record);
        SendStartWorker(record);
        Context.SetReceiveTimeout(null);
    }

    /// <summary>
    /// Sends the request to a spawner of the queue; a spawner acknowledges it (<see cref="WorkerRequestHeld"/>), and
    /// without that it is sent again (it reached no spawner, or one on a node just lost). Not with local affinity:
    /// Akka.NET's mediator then looks only at this node's entry whenever one exists, and a drained spawner's entry
    /// stays, empty, for the registry's removed-time-to-live (2 min), so every request from this node went nowhere.
    /// </summary>
    private void SendStartWorker(WorkerRecord record)
    {
        _mediator.Tell(new Send($"/user/{SpawnerPath(Actor.Definition.Queue)}",
            new StartWorker(Key, new WorkerId(record.Id), record.Image, record.Revision), localAffinity: false));
        Timers.StartSingleTimer(TimerKey.WorkerStart(record.Id), new WorkerRequestUnacknowledged(record.Id),
            _timings.SpawnerProbe);
    }

    /// <summary>The name every spawner serving <paramref name="queue"/> registers under.</summary>
    public static string SpawnerPath(string queue) => $"spawner-{queue}";

    // ---------------------------------------------------------------- worker reports

    private void OnWorkerStatus(WorkerStatusReport report)
    {
        var slot = SlotFor(report.WorkerId.Value, report.Revision, report.CurrentExecutionId?.Value);
        if (slot is null) return;
        OnReportedExecution(slot, report.CurrentExecutionId?.Value);
        Timers.Cancel(TimerKey.WorkerStart(report.WorkerId.Value));
        slot.Record = slot.Record with
        {
            Status = report.Status,
            HostId = report.HostId,
            HostIp = report.HostIp,
            Location = report.Location,
            LastHealthCheckTime = Now,
        };
        WriteWorkerRecord(slot.Record);
        if (slot.Stopping) return;

        if (report.Status == WorkerStatus.Ready)
        {
            if (Live && Actor.Status != ActorStatus.Ready)
                ChangeStatus(ActorStatus.Ready, " ");
            Dispatch();
            if (slot.IsIdle) MarkIdle(slot);
        }
    }

    /// <summary>
    /// The slot of a reporting worker. A worker the entity does not know (the entity restarted while its node
    /// lived) is adopted if it runs the current revision; anything unwanted is told to stop.
    /// </summary>
    private WorkerSlot? SlotFor(string workerId, int revision, string? runningExecution)
    {
        if (!_workers.TryGet(workerId, out var slot))
        {
            var adoptable = Live && revision == Actor.Revision &&
                            (runningExecution is null || _state.Running.ContainsKey(runningExecution));
            if (!adoptable)
            {
                Sender.Tell(new StopWorker(Halt: _behaviour == Behaviour.Absent, "unknown to its actor"));
                return null;
            }
            slot = new WorkerSlot(new WorkerRecord(workerId, Actor.Tenant, Actor.Id, WorkerStatus.Ready,
                Actor.Definition.Image, revision, "", WorkerRecord.NoContainer, "", "", Now, null, null))
            {
                CurrentExecution = runningExecution,
                ScaledByQueue = true,
            };
            // A READY sent before the worker got its last execution can arrive after the entity moved: the journal
            // says what the worker holds until the worker says otherwise (a claim, a finish, the reconcile window).
            if (runningExecution is null && ExecutionHeldBy(workerId) is { } held) slot.AssumeExecution(held);
            _workers.Add(slot);
        }
        if (slot.Handle is null)
        {
            slot.Handle = Sender;
            Context.Watch(Sender);
        }
        return slot;
    }

    // Not one whose finish the worker has reported already (its end may still be being journalled).
    private string? ExecutionHeldBy(string workerId) =>
        _state.Running.Values.FirstOrDefault(r => r.WorkerId == workerId && _lastFinishReported.GetValueOrDefault(workerId) !=
            r.Message.ExecutionId)?.Message.ExecutionId;

    private void OnExecutionStarted(ExecutionStarted started)
    {
        if (!_workers.TryGet(started.WorkerId.Value, out var slot)) return;
        slot.ConfirmExecution();
        slot.Record = slot.Record with { Status = WorkerStatus.Busy, Cid = started.ContainerId };
        var workerWritten = WriteWorkerRecord(slot.Record);
        if (!_state.Running.TryGetValue(started.ExecutionId.Value, out var running)) return;
        var record = SubmittedExecution(running.Message) with
        {
            Status = ExecutionStatus.Running,
            WorkerId = started.WorkerId.Value,
            StartTime = started.StartTime,
        };
        // After the worker's BUSY: a client that sees RUNNING also sees the worker busy.
        WriteExecution(record, after: workerWritten);
        PublishEvent(EventProtocol.ExecutionStarted, executionId: started.ExecutionId.Value,
            executionStatus: ExecutionStatus.Running);
    }

    private void OnExecutionFinished(ExecutionFinished done)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        if (!ShouldSettle(done)) return;
        _consecutiveStartFailures = 0;
        _lastFinishReported[done.WorkerId.Value] = done.ExecutionId.Value;
        ExecutionRecord? record = null;
        // A run the worker could not see end by itself (the Docker daemon went away with it) ends ERROR, saying so.
        var status = done.Error is null ? ExecutionStatus.Complete : ExecutionStatus.Error;
        if (_state.Running.TryGetValue(done.ExecutionId.Value, out var running))
        {
            record = SubmittedExecution(running.Message) with
            {
                Status = status,
                WorkerId = done.WorkerId.Value,
                StartTime = done.StartTime,
                FinishTime = done.FinishTime,
                Runtime = done.Runtime,
                Cpu = done.Cpu,
                Io = done.Io,
                ExitCode = done.ExitCode,
                FinalState = done.FinalState,
                StatusMessage = done.Error ?? (done.Halted ? "The execution was stopped by Abaco before it finished." : ""),
            };
            var reporter = Sender;
            _endsReported.Add(done.ExecutionId.Value);
            PersistAsync(new ExecutionEnded(done.ExecutionId.Value, status), evt =>
            {
                _endsReported.Remove(evt.ExecutionId);
                Apply(evt);
                reporter.Tell(new FinishAcknowledged(done.ExecutionId));
                NotifyWatchers(evt.ExecutionId, ended: true);
                PublishEvent(EventProtocol.ExecutionComplete, executionId: evt.ExecutionId,
                    executionStatus: status, exitCode: done.ExitCode);
                MaybeIdle(); // the queue may just have drained
            });
        }
        if (_state.Actor is { } current && WorkerActor.IsWarm(current.Definition))
            _warmEndInHand = (done.WorkerId.Value, receivedAt);
        var workerWritten = WorkerBecameIdle(done.WorkerId.Value);
        _warmEndInHand = null;
        // After the worker's READY: a client that sees COMPLETE also sees the worker free again.
        if (record is not null) WriteExecution(record, after: workerWritten);
    }

    private void OnExecutionFailedToStart(ExecutionFailedToStart failed)
    {
        _consecutiveStartFailures++;
        _lastFinishReported[failed.WorkerId.Value] = failed.ExecutionId.Value;
        EndExecution(failed.ExecutionId.Value, $"The container could not be started: {failed.Reason}", failed.WorkerId.Value);
        if (_consecutiveStartFailures >= _settings.Workers.MaxConsecutiveErrors && Live)
        {
            ChangeStatus(ActorStatus.Error, $"Error executing container: {failed.Reason}");
            foreach (var slot in _workers.All.ToList()) StopWorker(slot, halt: false, "the actor is in ERROR");
            return;
        }
        WorkerBecameIdle(failed.WorkerId.Value);
    }

    /// <summary>Frees the worker for the next message; returns the write of its record (completed when none).</summary>
    private Task WorkerBecameIdle(string workerId)
    {
        if (!_workers.TryGet(workerId, out var slot)) return Task.CompletedTask;
        slot.CurrentExecution = null;
        if (slot.Stopping)
        {
            // Asked to stop while busy: now that its report is in, it may go.
            slot.Handle?.Tell(new StopWorker(Halt: false, "it was asked to stop"));
            return Task.CompletedTask;
        }
        if (_behaviour == Behaviour.Absent || slot.Record.Revision != Actor.Revision)
        {
            StopWorker(slot, halt: false, "its actor changed");
            return Task.CompletedTask;
        }
        // cid keeps the container it last ran: clients expect one whenever the worker exists.
        slot.Record = slot.Record with { Status = WorkerStatus.Ready, LastExecutionTime = Now };
        var written = WriteWorkerRecord(slot.Record);
        Dispatch();
        if (slot.IsIdle) MarkIdle(slot);
        return written;
    }

    private void OnWorkerFailed(WorkerFailed failed)
    {
        // The worker waits for this answer before it stops, so its death never overtakes its report.
        Sender.Tell(new StopWorker(Halt: false, "it failed"));
        if (!_workers.TryGet(failed.WorkerId.Value, out var slot)) return;
        RemoveWorker(slot);
        if (Live && slot.Record.Revision == Actor.Revision)
            ChangeStatus(ActorStatus.Error, failed.Reason);
    }

    /// <summary>
    /// A worker that is gone: what it ran ends ERROR with <paramref name="reason"/>, and the actor carries on without
    /// it (a deletion that waited for it may finish; otherwise a replacement is requested if messages wait).
    /// </summary>
    private void ForgetWorker(WorkerSlot slot, string reason)
    {
        if (slot.CurrentExecution is { } executionId && _state.Running.ContainsKey(executionId))
            EndExecution(executionId, reason, slot.Record.Id);
        RemoveWorker(slot);
        if (_behaviour == Behaviour.Deleting)
        {
            OnWorkerGoneWhileDeleting();
            return;
        }
        EnsureWorkerAndDispatch();
        MaybeIdle();
    }

    private void StopWorker(WorkerSlot slot, bool halt, string reason)
    {
        if (slot.Stopping) return;
        slot.Stopping = true;
        slot.Record = slot.Record with { Status = WorkerStatus.ShutdownRequested };
        WriteWorkerRecord(slot.Record);
        Timers.Cancel(TimerKey.Idle(slot.Record.Id));
        if (slot.Handle is null)
        {
            RemoveWorker(slot);
            return;
        }
        slot.Handle.Tell(new StopWorker(halt, reason));
        Timers.StartSingleTimer(TimerKey.Stuck(slot.Record.Id), new StuckShutdown(slot.Record.Id), _timings.StuckShutdown);
    }

    private void RemoveWorker(WorkerSlot slot)
    {
        _workers.Remove(slot.Record.Id);
        Timers.Cancel(TimerKey.WorkerStart(slot.Record.Id));
        Timers.Cancel(TimerKey.Idle(slot.Record.Id));
        Timers.Cancel(TimerKey.Stuck(slot.Record.Id));
        if (slot.Handle is not null) Context.Unwatch(slot.Handle);
        Written(RemoveWorkerRecords(slot.Record.ActorDbId, slot.Record.Id), $"Removing the records of worker {slot.Record.Id}");
    }

    // Deleting the client revokes the worker's tokens (WorkerTokens); it goes first, so that a worker no longer listed
    // never has tokens still accepted. The worker's record goes even if the client could not.
    private async Task RemoveWorkerRecords(string dbId, string workerId)
    {
        var (clients, workers) = (_stores.Clients, _stores.Workers);
        try
        {
            await clients.DeleteAsync(dbId, workerId).ConfigureAwait(false);
        }
        finally
        {
            await workers.DeleteAsync(dbId, workerId).ConfigureAwait(false);
        }
    }

    private void EndExecution(string executionId, string reason, string? workerId) =>
        EndExecutions([executionId], reason, workerId);

    /// <summary>
    /// Marks executions ERROR with a reason users can read, then journals that they left the queue. With
    /// <paramref name="deferRequests"/> later requests wait for the journal write; <paramref name="whenDone"/> runs
    /// once it is applied, with the first attempt of the ERROR records' writes.
    /// </summary>
    private void EndExecutions(IReadOnlyCollection<string> executionIds, string reason, string? workerId,
        bool deferRequests = false, Action<Task>? whenDone = null)
    {
        var ended = new List<ExecutionEnded>();
        var writes = new List<Task>();
        foreach (var executionId in executionIds)
        {
            var message = _state.Running.TryGetValue(executionId, out var running)
                ? running.Message
                : _state.Pending.FirstOrDefault(m => m.ExecutionId == executionId);
            if (message is null) continue;
            _log.Info("Execution {0} of {1} ends in ERROR: {2}", executionId, _dbId, reason);
            writes.Add(WriteExecution(SubmittedExecution(message) with
            {
                Status = ExecutionStatus.Error,
                StatusMessage = reason,
                WorkerId = workerId ?? running?.WorkerId,
                FinishTime = Now,
            }));
            ended.Add(new ExecutionEnded(executionId, ExecutionStatus.Error));
            // The original only announced finalized executions; one ending in ERROR is announced too.
            PublishEvent(EventProtocol.ExecutionComplete, executionId: executionId,
                executionStatus: ExecutionStatus.Error);
        }
        if (ended.Count == 0)
        {
            whenDone?.Invoke(Task.CompletedTask);
            return;
        }
        var remaining = ended.Count;
        var freed = new List<WorkerSlot>();
        void Handler(ExecutionEnded evt)
        {
            Apply(evt);
            NotifyWatchers(evt.ExecutionId, ended: true);
            // A worker adopted from a READY while this end was being journalled assumed it still held the execution.
            foreach (var slot in _workers.All)
                if (slot.Ended(evt.ExecutionId)) freed.Add(slot);
            if (--remaining > 0) return;
            whenDone?.Invoke(Task.WhenAll(writes));
            if (freed.Count == 0) return;
            Dispatch();
            foreach (var slot in freed.Where(slot => slot.IsIdle)) MarkIdle(slot);
        }
        if (deferRequests) PersistAll(ended, Handler);
        else PersistAllAsync(ended, Handler);
    }
}
