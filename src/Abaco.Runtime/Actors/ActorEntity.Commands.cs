using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Telemetry;
using Abaco.Protocol;
using Akka.Actor;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Registering, updating and messaging an actor: each persists one event, writes the store the gateway reads, and
/// answers once both are done. The behaviours (<see cref="Absent"/>, <see cref="Active"/>) decide which may run.
/// </summary>
public sealed partial class ActorEntity
{
    private void Register(RegisterActor cmd)
    {
        var key = Key;
        var registered = ActorDecisions.Register(key.Tenant, key.Id.Value, cmd.Definition, cmd.Owner, cmd.ApiServer,
            cmd.OwnerRoles, _settings.ForTenant(key.Tenant).Workers, Now);
        var replyTo = Sender;
        Persist(registered, evt =>
        {
            Apply(evt);
            BecomeActive();
            var record = evt.Actor;
            _stores.Actors.UpsertAsync(record).PipeTo(replyTo,
                success: () => new ActorReply(AbacoResult.Ok, record),
                failure: StoreFailure);
            var initial = record.Definition.Stateless ? _settings.Workers.InitCount : Math.Min(1, _settings.Workers.InitCount);
            for (var i = 0; i < initial; i++) RequestWorker();
            ScheduleCron();
            MaybeIdle();
        });
    }

    private void Update(UpdateActor cmd)
    {
        var decision = ActorDecisions.Update(Actor, cmd.Definition, cmd.Force, cmd.OwnerRoles,
            _settings.ForTenant(Actor.Tenant).Workers, Now);
        if (decision.Event is not { } updated)
        {
            Sender.Tell(new ActorReply(Reply(decision.Refusal!), null));
            return;
        }
        var newImage = updated.Actor.Revision != Actor.Revision;
        PersistUpdate(updated, afterWrite: () =>
        {
            ScheduleCron();
            if (!newImage) return;
            // Workers of the old revision finish what they run and stop; a new one starts with the new image.
            _consecutiveStartFailures = 0;
            foreach (var slot in _workers.All.Where(w => w.Record.Revision != updated.Actor.Revision).ToList())
                StopWorker(slot, halt: false, "the actor's image was updated");
            RequestWorker();
        });
    }

    /// <summary>Persists an update of the record, answers with the record once stored, then runs <paramref name="afterWrite"/>.</summary>
    private void PersistUpdate(ActorUpdated updated, Action? afterWrite = null)
    {
        var replyTo = Sender;
        Persist(updated, evt =>
        {
            Apply(evt);
            _stores.Actors.UpsertAsync(evt.Actor).PipeTo(replyTo,
                success: () => new ActorReply(AbacoResult.Ok, evt.Actor),
                failure: StoreFailure);
            afterWrite?.Invoke();
        });
    }

    private void Accept(SendMessage cmd)
    {
        var executionId = cmd.Message.ExecutionId;
        switch (ActorDecisions.Classify(_state, _accepting, executionId))
        {
            case SendKind.AlreadyQueued:
                Sender.Tell(new MessageAccepted(new ExecutionId(executionId), _state.PendingCount));
                return;
            case SendKind.BeingQueued:
                // DeferAsync runs after the PersistAsync issued for the first attempt, so the answer means journalled.
                var repeatedBy = Sender;
                DeferAsync(executionId, _ => repeatedBy.Tell(new MessageAccepted(new ExecutionId(executionId), _state.PendingCount)));
                return;
        }
        // Messages accepted but not yet journalled count too: PersistAsync lets many be in flight at once.
        var decision = ActorDecisions.Accept(Actor, cmd.Message, _state.PendingCount + _accepting.Count,
            _settings.Web.MaxQueuedMessagesPerActor);
        if (decision.Event is not { } queued)
        {
            Sender.Tell(Reply(decision.Refusal!));
            return;
        }
        var replyTo = Sender;
        _accepting.Add(executionId);
        var span = AbacoTracing.Start("abaco.entity.accept", cmd.Message.TraceParent, executionId, _dbId);
        AwaitJournal(replyTo);
        // PersistAsync: while one journal write is in flight the next messages gather into the following batch,
        // so accepting is bound by batches, not by one fsync per message.
        PersistAsync(queued, evt =>
        {
            _accepting.Remove(executionId);
            span?.Dispose(); // accepted = journalled
            JournalWritten();
            Apply(evt);
            var pending = _state.PendingCount;
            _stores.Executions.UpsertAsync(SubmittedExecution(evt.Message)).PipeTo(replyTo,
                success: () => new MessageAccepted(new ExecutionId(evt.Message.ExecutionId), pending),
                failure: StoreFailure);
            EnsureWorkerAndDispatch();
        });
    }

    private static AbacoResult Reply(Refusal refusal) => new(refusal.Kind switch
    {
        RefusalKind.NotFound => AbacoResultCode.NotFound,
        RefusalKind.Full => AbacoResultCode.Full,
        _ => AbacoResultCode.BadRequest,
    }, refusal.Message);

    private static object StoreFailure(Exception e) =>
        new AbacoResult(AbacoResultCode.Unavailable, $"The store could not be written: {e.GetBaseException().Message}");
}
