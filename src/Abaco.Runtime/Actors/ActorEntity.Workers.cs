using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Workers;
using Abaco.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;

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
        if (!_state.Exists || _reconciling) return;
        var status = Actor.Status;
        if (status is ActorStatus.Error or ActorStatus.ShuttingDown) return;
        ScaleUp();
        Dispatch();
    }

    private void Dispatch()
    {
        if (!_state.Exists || Actor.Status is ActorStatus.Error or ActorStatus.ShuttingDown) return;
        var assignments = new List<(ExecutionDispatched Event, IActorRef Worker, QueuedMessage Message)>();
        foreach (var slot in _workers.Values)
        {
            if (!slot.IsIdle || slot.Ref is null || slot.Record.Revision != Actor.Revision) continue;
            var next = _state.Pending.FirstOrDefault(m => !IsBeingDispatched(m.ExecutionId));
            if (next is null) break;
            slot.CurrentExecution = next.ExecutionId;
            assignments.Add((new ExecutionDispatched(next.ExecutionId, slot.Record.Id), slot.Ref, next));
        }
        if (assignments.Count == 0) return;
        var actor = Actor;
        var byExecution = assignments.ToDictionary(a => a.Event.ExecutionId);
        PersistAllAsync(assignments.Select(a => a.Event), evt =>
        {
            Apply(evt);
            var (_, worker, message) = byExecution[evt.ExecutionId];
            if (!_state.Running.ContainsKey(evt.ExecutionId))
            {
                // Ended (purged, actor deleted) while the dispatch was being journalled: the worker stays free.
                if (_workers.TryGetValue(evt.WorkerId, out var slot) && slot.CurrentExecution == evt.ExecutionId)
                    slot.CurrentExecution = null;
                Dispatch();
                return;
            }
            _log.Debug("Execution {0} of {1} goes to worker {2}", evt.ExecutionId, _dbId, evt.WorkerId);
            worker.Tell(new RunExecution(actor, message));
        });
    }

    private bool IsBeingDispatched(string executionId) =>
        _workers.Values.Any(w => w.CurrentExecution == executionId);

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
        _workers[id] = new WorkerSlot(record) { ScaledByQueue = forWork };
        _ = _stores.Workers.UpsertAsync(record);
        _mediator.Tell(new Send($"/user/{SpawnerPath(Actor.Definition.Queue)}",
            new StartWorker(ActorKey.Parse(_dbId), new WorkerId(id), Actor.Definition.Image, Actor.Revision), localAffinity: true));
        Timers.StartSingleTimer($"start-{id}", new WorkerStartTimedOut(id), WorkerStartTimeout);
        Context.SetReceiveTimeout(null);
    }

    /// <summary>The name every spawner serving <paramref name="queue"/> registers under.</summary>
    public static string SpawnerPath(string queue) => $"spawner-{queue}";

    // ---------------------------------------------------------------- worker reports

    private void OnWorkerStatus(WorkerStatusReport report)
    {
        var slot = SlotFor(report.WorkerId.Value, report.Revision, report.CurrentExecutionId?.Value);
        if (slot is null) return;
        Timers.Cancel($"start-{report.WorkerId}");
        slot.Record = slot.Record with
        {
            Status = report.Status,
            HostId = report.HostId,
            HostIp = report.HostIp,
            Location = report.Location,
            LastHealthCheckTime = Now,
        };
        _ = _stores.Workers.UpsertAsync(slot.Record);
        if (slot.Stopping) return;

        if (report.Status == WorkerStatus.Ready)
        {
            if (Actor.Status != ActorStatus.Ready && Actor.Status != ActorStatus.ShuttingDown)
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
        if (!_workers.TryGetValue(workerId, out var slot))
        {
            var adoptable = _state.Exists && Actor.Status != ActorStatus.ShuttingDown && revision == Actor.Revision &&
                            (runningExecution is null || _state.Running.ContainsKey(runningExecution));
            if (!adoptable)
            {
                Sender.Tell(new StopWorker(Halt: !_state.Exists, "unknown to its actor"));
                return null;
            }
            slot = new WorkerSlot(new WorkerRecord(workerId, Actor.Tenant, Actor.Id, WorkerStatus.Ready,
                Actor.Definition.Image, revision, "", WorkerRecord.NoContainer, "", "", Now, null, null))
            {
                CurrentExecution = runningExecution,
                ScaledByQueue = true,
            };
            _workers[workerId] = slot;
        }
        if (slot.Ref is null)
        {
            slot.Ref = Sender;
            Context.Watch(Sender);
        }
        return slot;
    }

    private void OnExecutionStarted(ExecutionStarted started)
    {
        if (!_workers.TryGetValue(started.WorkerId.Value, out var slot)) return;
        slot.Record = slot.Record with { Status = WorkerStatus.Busy, Cid = started.ContainerId };
        var workerWritten = _stores.Workers.UpsertAsync(slot.Record);
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
        _consecutiveStartFailures = 0;
        ExecutionRecord? record = null;
        if (_state.Running.TryGetValue(done.ExecutionId.Value, out var running))
        {
            record = SubmittedExecution(running.Message) with
            {
                Status = ExecutionStatus.Complete,
                WorkerId = done.WorkerId.Value,
                StartTime = done.StartTime,
                FinishTime = done.FinishTime,
                Runtime = done.Runtime,
                Cpu = done.Cpu,
                Io = done.Io,
                ExitCode = done.ExitCode,
                FinalState = done.FinalState,
                StatusMessage = done.Halted ? "The execution was stopped by Abaco before it finished." : "",
            };
            PersistAsync(new ExecutionEnded(done.ExecutionId.Value, ExecutionStatus.Complete), evt =>
            {
                Apply(evt);
                NotifyWatchers(evt.ExecutionId, ended: true);
                PublishEvent(EventProtocol.ExecutionComplete, executionId: evt.ExecutionId,
                    executionStatus: ExecutionStatus.Complete, exitCode: done.ExitCode);
                MaybeIdle(); // the queue may just have drained
            });
        }
        var workerWritten = WorkerBecameIdle(done.WorkerId.Value);
        // After the worker's READY: a client that sees COMPLETE also sees the worker free again.
        if (record is not null) WriteExecution(record, after: workerWritten);
    }

    private void OnExecutionFailedToStart(ExecutionFailedToStart failed)
    {
        _consecutiveStartFailures++;
        EndExecution(failed.ExecutionId.Value, $"The container could not be started: {failed.Reason}", failed.WorkerId.Value);
        if (_consecutiveStartFailures >= _settings.Workers.MaxConsecutiveErrors && _state.Exists)
        {
            ChangeStatus(ActorStatus.Error, $"Error executing container: {failed.Reason}");
            foreach (var slot in _workers.Values.ToList()) StopWorker(slot, halt: false, "the actor is in ERROR");
            return;
        }
        WorkerBecameIdle(failed.WorkerId.Value);
    }

    /// <summary>Frees the worker for the next message; returns the write of its record (completed when none).</summary>
    private Task WorkerBecameIdle(string workerId)
    {
        if (!_workers.TryGetValue(workerId, out var slot)) return Task.CompletedTask;
        slot.CurrentExecution = null;
        if (slot.Stopping)
        {
            // Asked to stop while busy: now that its report is in, it may go.
            slot.Ref?.Tell(new StopWorker(Halt: false, "it was asked to stop"));
            return Task.CompletedTask;
        }
        if (!_state.Exists || slot.Record.Revision != Actor.Revision)
        {
            StopWorker(slot, halt: false, "its actor changed");
            return Task.CompletedTask;
        }
        // cid keeps the container it last ran: clients expect one whenever the worker exists.
        slot.Record = slot.Record with { Status = WorkerStatus.Ready, LastExecutionTime = Now };
        var written = _stores.Workers.UpsertAsync(slot.Record);
        Dispatch();
        if (slot.IsIdle) MarkIdle(slot);
        return written;
    }

    private void OnWorkerFailed(WorkerFailed failed)
    {
        // The worker waits for this answer before it stops, so its death never overtakes its report.
        Sender.Tell(new StopWorker(Halt: false, "it failed"));
        if (!_workers.TryGetValue(failed.WorkerId.Value, out var slot)) return;
        RemoveWorker(slot);
        if (_state.Exists && Actor.Status != ActorStatus.ShuttingDown && slot.Record.Revision == Actor.Revision)
            ChangeStatus(ActorStatus.Error, failed.Reason);
    }

    private void OnWorkerTerminated(IActorRef worker)
    {
        var slot = _workers.Values.FirstOrDefault(w => Equals(w.Ref, worker));
        if (slot is null) return;
        if (slot.CurrentExecution is { } executionId && _state.Running.ContainsKey(executionId))
            EndExecution(executionId,
                "The worker running this execution stopped before it finished (its node may have stopped).",
                slot.Record.Id);
        RemoveWorker(slot);
        if (_deleteReplyTo is not null || (_state.Exists && Actor.Status == ActorStatus.ShuttingDown))
        {
            if (_workers.Values.All(w => w.Ref is null)) FinishDelete(_deleteReplyTo);
            return;
        }
        EnsureWorkerAndDispatch();
        MaybeIdle();
    }

    private void OnReconcileDone()
    {
        _reconciling = false;
        var claimed = _workers.Values.Select(w => w.CurrentExecution).Where(e => e is not null).ToHashSet();
        EndExecutions(_state.Running.Keys.Where(id => !claimed.Contains(id)).ToList(),
            "Abaco stopped while this execution was running; it was interrupted and not run again.", null);
        EnsureWorkerAndDispatch();
        MaybeIdle();
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
        void Handler(ExecutionEnded evt)
        {
            Apply(evt);
            NotifyWatchers(evt.ExecutionId, ended: true);
            if (--remaining == 0) whenDone?.Invoke(Task.WhenAll(writes));
        }
        if (deferRequests) PersistAll(ended, Handler);
        else PersistAllAsync(ended, Handler);
    }

    /// <summary>What the entity knows of one worker; mutable, private to the entity.</summary>
    private sealed class WorkerSlot(WorkerRecord record)
    {
        public WorkerRecord Record { get; set; } = record;
        public IActorRef? Ref { get; set; }
        public string? CurrentExecution { get; set; }
        public bool Stopping { get; set; }

        /// <summary>Requested because messages waited (or adopted): the autoscaler may stop it once idle.</summary>
        public bool ScaledByQueue { get; set; }

        /// <summary>When it last had nothing to do; null while it never did.</summary>
        public DateTime? IdleSince { get; set; }

        /// <summary>The autoscaler stops only workers asked for by the queue or that have run something.</summary>
        public bool MayScaleDown => ScaledByQueue || Record.LastExecutionTime is not null;

        public bool IsIdle => !Stopping && CurrentExecution is null && Record.Status == WorkerStatus.Ready;
    }
}
