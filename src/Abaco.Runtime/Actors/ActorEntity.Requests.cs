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

    private void SetState(SetActorState cmd)
    {
        var decision = ActorDecisions.SetState(Actor, cmd.State, Now);
        if (decision.Event is { } updated) PersistUpdate(updated);
        else Sender.Tell(new ActorReply(Reply(decision.Refusal!), null));
    }

    private void Halt(HaltExecution cmd)
    {
        var slot = _workers.Holding(cmd.ExecutionId.Value);
        if (ActorDecisions.Halt(_state, cmd.ExecutionId.Value, slot?.Handle is not null, slot is not null) is { } refusal)
        {
            Sender.Tell(Reply(refusal));
            return;
        }
        slot!.Handle!.Tell(new HaltContainer(cmd.ExecutionId));
        Sender.Tell(new AbacoResult(AbacoResultCode.Ok, $"Issued force quit command for execution {cmd.ExecutionId}."));
    }

    /// <summary>
    /// DELETE .../messages. The original leaves purged executions SUBMITTED forever; here they end in ERROR with a
    /// reason, so nobody waits on them.
    /// </summary>
    private void Purge()
    {
        var purged = _state.Pending.Where(m => !_workers.IsBeingDispatched(m.ExecutionId)).Select(m => m.ExecutionId).ToList();
        var replyTo = Sender;
        // Persist (not PersistAsync): requests behind the purge wait until it is journalled, so once acknowledged
        // no purged message can be dispatched or counted. The answer also waits for the ERROR records (a refused
        // write is retried, not reported: the purge itself is done), so a client reads them right after.
        EndExecutions(purged, "The actor's mailbox was purged before this message ran.", null, deferRequests: true,
            whenDone: written => written.ContinueWith(_ => new AbacoResult(AbacoResultCode.Ok, "Actor mailbox purged."),
                TaskScheduler.Default).PipeTo(replyTo));
    }

    /// <summary>POST .../workers (original-abaco.md §1.6 #22): no max_workers or stateful checks, as in the original.</summary>
    private void EnsureWorkers(EnsureWorkers cmd)
    {
        var current = _workers.All.Count(w => !w.Stopping);
        var missing = Math.Max(0, cmd.Num - current);
        for (var i = 0; i < missing; i++) RequestWorker();
        Sender.Tell(new WorkersScheduled(missing, current));
    }

    private void StopWorkerOnRequest(StopWorkerRequest cmd)
    {
        if (!_workers.TryGet(cmd.WorkerId.Value, out var slot))
        {
            Sender.Tell(AbacoResult.NotFound("Worker not found."));
            return;
        }
        StopWorker(slot, halt: false, "it was asked to stop through the API");
        Sender.Tell(new AbacoResult(AbacoResultCode.Ok, "Worker scheduled to be stopped."));
    }

    private void Watch(WatchExecution cmd)
    {
        var executionId = cmd.ExecutionId.Value;
        var inFlight = _state.Running.ContainsKey(executionId) || _state.Pending.Any(m => m.ExecutionId == executionId);
        if (!inFlight)
        {
            Sender.Tell(new ExecutionProgress(cmd.ExecutionId, ResultAvailable: false, Ended: true));
            return;
        }
        if (!_watchers.TryGetValue(executionId, out var waiting)) _watchers[executionId] = waiting = [];
        waiting.Add(Sender);
    }

    private void NotifyWatchers(string executionId, bool ended)
    {
        if (!_watchers.Remove(executionId, out var waiting)) return;
        var progress = new ExecutionProgress(new ExecutionId(executionId), ResultAvailable: !ended, Ended: ended);
        foreach (var watcher in waiting) watcher.Tell(progress);
    }
}
