using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Protocol;
using Akka.Actor;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// The requests of <see cref="ActorEntity"/> beyond registering and messaging: state, halting, purging, workers on
/// demand, and synchronous callers waiting for an execution.
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>Synchronous callers per execution; not durable: a caller whose entity restarted asks again.</summary>
    private readonly Dictionary<string, List<IActorRef>> _watchers = new();

    private AbacoResult ActorNotFound() =>
        AbacoResult.NotFound($"No actor found with identifier: {ActorKey.Parse(_dbId).Id}.");

    private void SetState(SetActorState cmd)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new ActorReply(ActorNotFound(), null));
            return;
        }
        if (Actor.Definition.Stateless)
        {
            Sender.Tell(new ActorReply(AbacoResult.NotFound("actor is stateless."), null));
            return;
        }
        var record = Actor with { State = cmd.State.Clone(), LastUpdateTime = Now };
        var replyTo = Sender;
        Persist(new ActorUpdated(record), evt =>
        {
            Apply(evt);
            _stores.Actors.UpsertAsync(record).PipeTo(replyTo,
                success: () => new ActorReply(AbacoResult.Ok, record),
                failure: StoreFailure);
        });
    }

    private void Halt(HaltExecution cmd)
    {
        if (!_state.Exists)
        {
            Sender.Tell(ActorNotFound());
            return;
        }
        var slot = _workers.Values.FirstOrDefault(w => w.CurrentExecution == cmd.ExecutionId.Value);
        if (!_state.Running.ContainsKey(cmd.ExecutionId.Value) || slot?.Ref is null)
        {
            var status = _state.Pending.Any(m => m.ExecutionId == cmd.ExecutionId.Value) || slot is not null
                ? ExecutionStatus.Submitted
                : "COMPLETE or ERROR";
            Sender.Tell(AbacoResult.BadRequest(
                $"Cannot force quit an execution not in RUNNING status. Execution was found in status: {status}"));
            return;
        }
        slot.Ref.Tell(new HaltContainer(cmd.ExecutionId));
        Sender.Tell(new AbacoResult(AbacoResultCode.Ok, $"Issued force quit command for execution {cmd.ExecutionId}."));
    }

    /// <summary>
    /// DELETE .../messages. The original leaves purged executions SUBMITTED forever; here they end in ERROR with a
    /// reason, so nobody waits on them.
    /// </summary>
    private void Purge()
    {
        if (!_state.Exists)
        {
            Sender.Tell(ActorNotFound());
            return;
        }
        var purged = _state.Pending.Where(m => !IsBeingDispatched(m.ExecutionId)).Select(m => m.ExecutionId).ToList();
        var replyTo = Sender;
        // Persist (not PersistAsync): requests behind the purge wait until it is journalled, so once acknowledged
        // no purged message can be dispatched or counted. The answer also waits for the ERROR records (a refused
        // write is retried, not reported: the purge itself is done), so a client reads them right after.
        EndExecutions(purged, "The actor's mailbox was purged before this message ran.", null, deferRequests: true,
            whenDone: written => written.ContinueWith(_ => new AbacoResult(AbacoResultCode.Ok, "Actor mailbox purged."),
                TaskScheduler.Default).PipeTo(replyTo));
    }

    /// <summary>POST .../workers (reference §1.6 #22): no max_workers or stateful checks, as in the original.</summary>
    private void EnsureWorkers(EnsureWorkers cmd)
    {
        if (!_state.Exists)
        {
            Sender.Tell(ActorNotFound());
            return;
        }
        if (Actor.Status == ActorStatus.ShuttingDown)
        {
            Sender.Tell(AbacoResult.BadRequest("The actor is being deleted."));
            return;
        }
        var current = _workers.Values.Count(w => !w.Stopping);
        var missing = Math.Max(0, cmd.Num - current);
        for (var i = 0; i < missing; i++) RequestWorker();
        Sender.Tell(new WorkersScheduled(missing, current));
    }

    private void StopWorkerOnRequest(StopWorkerRequest cmd)
    {
        if (!_state.Exists)
        {
            Sender.Tell(ActorNotFound());
            return;
        }
        if (!_workers.TryGetValue(cmd.WorkerId.Value, out var slot))
        {
            Sender.Tell(AbacoResult.NotFound("Worker not found."));
            return;
        }
        StopWorker(slot, halt: false, "it was asked to stop through the API");
        Sender.Tell(new AbacoResult(AbacoResultCode.Ok, "Worker scheduled to be stopped."));
    }

    private void Watch(WatchExecution cmd)
    {
        var inFlight = _state.Exists &&
                       (_state.Running.ContainsKey(cmd.ExecutionId.Value) ||
                        _state.Pending.Any(m => m.ExecutionId == cmd.ExecutionId.Value));
        if (!inFlight)
        {
            Sender.Tell(new ExecutionProgress(cmd.ExecutionId, ResultAvailable: false, Ended: true));
            return;
        }
        if (!_watchers.TryGetValue(cmd.ExecutionId.Value, out var waiting)) _watchers[cmd.ExecutionId.Value] = waiting = [];
        waiting.Add(Sender);
    }

    private void NotifyWatchers(string executionId, bool ended)
    {
        if (!_watchers.Remove(executionId, out var waiting)) return;
        var progress = new ExecutionProgress(new ExecutionId(executionId), ResultAvailable: !ended, Ended: ended);
        foreach (var watcher in waiting) watcher.Tell(progress);
    }
}
