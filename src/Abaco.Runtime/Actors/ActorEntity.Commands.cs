using System.Text.Json;
using Abaco.Core.Actors;
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
    private static readonly JsonElement EmptyState = JsonDocument.Parse("{}").RootElement.Clone();

    private void Register(RegisterActor cmd)
    {
        var key = Key;
        var now = Now;
        var (definition, cronNextEx) = CronAtRegistration(cmd.Definition, now);
        var record = new ActorRecord(key.Tenant, key.Id.Value, cmd.Owner, cmd.ApiServer, definition,
            ActorStatus.Submitted, "", EmptyState, ActorMounts.For(definition, cmd.Owner, key.Tenant, _settings.ForTenant(key.Tenant).Workers),
            1, cronNextEx, now, now) { OwnerRoles = cmd.OwnerRoles.IsDefault ? [] : cmd.OwnerRoles };
        var replyTo = Sender;
        Persist(new ActorRegistered(record), evt =>
        {
            Apply(evt);
            BecomeActive();
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
        if (!Actor.Definition.Stateless && cmd.Definition.Stateless)
        {
            Sender.Tell(new ActorReply(AbacoResult.BadRequest(
                "Invalid actor description: an actor that was not stateless cannot be updated to be stateless."), null));
            return;
        }
        var newImage = cmd.Force || cmd.Definition.Image != Actor.Definition.Image;
        // The name never changes after registration (reference §1.3 #4).
        var definition = cmd.Definition with { Name = Actor.Definition.Name };
        var record = Actor with
        {
            Definition = definition,
            Mounts = ActorMounts.For(definition, Actor.Owner, Actor.Tenant, _settings.ForTenant(Actor.Tenant).Workers),
            CronNextEx = CronAtUpdate(definition, Now),
            Revision = newImage ? Actor.Revision + 1 : Actor.Revision,
            Status = newImage ? ActorStatus.Submitted : Actor.Status,
            StatusMessage = newImage ? "" : Actor.StatusMessage,
            LastUpdateTime = Now,
            OwnerRoles = cmd.OwnerRoles is { IsDefault: false } roles ? roles : Actor.OwnerRoles,
        };
        var replyTo = Sender;
        Persist(new ActorUpdated(record), evt =>
        {
            Apply(evt);
            _stores.Actors.UpsertAsync(record).PipeTo(replyTo,
                success: () => new ActorReply(AbacoResult.Ok, record),
                failure: StoreFailure);
            ScheduleCron();
            if (!newImage) return;
            // Workers of the old revision finish what they run and stop; a new one starts with the new image.
            _consecutiveStartFailures = 0;
            foreach (var slot in _workers.All.Where(w => w.Record.Revision != record.Revision).ToList())
                StopWorker(slot, halt: false, "the actor's image was updated");
            RequestWorker();
        });
    }

    private void Accept(SendMessage cmd)
    {
        // Messages accepted but not yet journalled count too: PersistAsync lets many be in flight at once.
        var cap = _settings.Web.MaxQueuedMessagesPerActor;
        if (_state.PendingCount + _acceptsInFlight >= cap)
        {
            Sender.Tell(new AbacoResult(AbacoResultCode.Full,
                $"The actor has {cap} messages waiting already (web.max_queued_messages_per_actor); try again later."));
            return;
        }
        var message = cmd.Message with
        {
            Environment = cmd.Message.Environment.SetItem("_abaco_actor_revision", Actor.Revision.ToString()),
        };
        var replyTo = Sender;
        _acceptsInFlight++;
        // PersistAsync: while one journal write is in flight the next messages gather into the following batch,
        // so accepting is bound by batches, not by one fsync per message.
        PersistAsync(new MessageQueued(message), evt =>
        {
            _acceptsInFlight--;
            Apply(evt);
            var pending = _state.PendingCount;
            _stores.Executions.UpsertAsync(SubmittedExecution(message)).PipeTo(replyTo,
                success: () => new MessageAccepted(message.ExecutionId, pending),
                failure: StoreFailure);
            EnsureWorkerAndDispatch();
        });
    }

    private static object StoreFailure(Exception e) =>
        new AbacoResult(AbacoResultCode.Unavailable, $"The store could not be written: {e.GetBaseException().Message}");
}
