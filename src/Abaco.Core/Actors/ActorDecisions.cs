using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Cron;
using Abaco.Core.Messages;
using Abaco.Core.Settings;

namespace Abaco.Core.Actors;

/// <summary>
/// The actor entity's decisions on requests, over its state and without side effects: which event a request
/// persists, or why it is refused. The entity persists the event, writes the stores and answers.
/// </summary>
public static class ActorDecisions
{
    private static readonly JsonElement EmptyState = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>A new actor: SUBMITTED at revision 1; a schedule turns cron on and starts at the schedule's start.</summary>
    public static ActorRegistered Register(string tenant, string id, ActorDefinition requested, string owner,
        string apiServer, ImmutableArray<string> ownerRoles, WorkerSettings workers, DateTime now)
    {
        var definition = requested.CronSchedule is null ? requested : requested with { CronOn = true };
        return new ActorRegistered(new ActorRecord(tenant, id, owner, apiServer, definition, ActorStatus.Submitted, "",
            EmptyState, ActorMounts.For(definition, owner, tenant, workers), 1, CronStart(definition, now), now, now)
        {
            OwnerRoles = ownerRoles.IsDefault ? [] : ownerRoles,
        });
    }

    /// <summary>
    /// A PUT (full replacement). A stateful actor cannot become stateless; the name never changes after registration
    /// (original-abaco.md §1.3 #4); a new image (or <paramref name="force"/>) bumps the revision and starts over at SUBMITTED;
    /// cron_on comes from the request and the schedule restarts at its start. The owner's roles are replaced only
    /// when the owner updates (<paramref name="ownerRoles"/> set).
    /// </summary>
    public static Decision<ActorUpdated> Update(ActorRecord actor, ActorDefinition requested, bool force,
        ImmutableArray<string>? ownerRoles, WorkerSettings workers, DateTime now)
    {
        if (!actor.Definition.Stateless && requested.Stateless)
            return Decision<ActorUpdated>.Refuse(RefusalKind.BadRequest,
                "Invalid actor description: an actor that was not stateless cannot be updated to be stateless.");
        var newImage = force || requested.Image != actor.Definition.Image;
        var definition = requested with { Name = actor.Definition.Name };
        return Decision<ActorUpdated>.Persist(new ActorUpdated(actor with
        {
            Definition = definition,
            Mounts = ActorMounts.For(definition, actor.Owner, actor.Tenant, workers),
            CronNextEx = CronStart(definition, now),
            Revision = newImage ? actor.Revision + 1 : actor.Revision,
            Status = newImage ? ActorStatus.Submitted : actor.Status,
            StatusMessage = newImage ? "" : actor.StatusMessage,
            LastUpdateTime = now,
            OwnerRoles = ownerRoles is { IsDefault: false } roles ? roles : actor.OwnerRoles,
        }));
    }

    /// <summary>POST .../state: only stateful actors have a state.</summary>
    public static Decision<ActorUpdated> SetState(ActorRecord actor, JsonElement state, DateTime now) =>
        actor.Definition.Stateless
            ? Decision<ActorUpdated>.Refuse(RefusalKind.NotFound, "actor is stateless.")
            : Decision<ActorUpdated>.Persist(new ActorUpdated(actor with { State = state.Clone(), LastUpdateTime = now }));

    /// <summary>
    /// A message is queued, stamped with the actor's current revision, unless <paramref name="waiting"/> messages
    /// (queued, or accepted and not yet journalled) already fill <c>web.max_queued_messages_per_actor</c>.
    /// </summary>
    public static Decision<MessageQueued> Accept(ActorRecord actor, QueuedMessage message, int waiting, int cap) =>
        waiting >= cap
            ? Decision<MessageQueued>.Refuse(RefusalKind.Full,
                $"The actor has {cap} messages waiting already (web.max_queued_messages_per_actor); try again later.")
            : Decision<MessageQueued>.Persist(new MessageQueued(message with { ActorRevision = actor.Revision }));

    /// <summary>
    /// Events between two snapshots: <c>store.snapshot_every</c>, or as many as the state holds messages when that is
    /// more. A snapshot holds the whole queue, so with tens of thousands of messages queued a snapshot every 500
    /// events cost the accept path more than anything else; this keeps a snapshot's cost per event constant, and a
    /// recovery still replays at most about as many events as the snapshot holds messages.
    /// </summary>
    public static int EventsBetweenSnapshots(int snapshotEvery, ActorEntityState state) =>
        Math.Max(snapshotEvery, state.PendingCount + state.Running.Count);

    /// <summary>
    /// A <c>SendMessage</c> carries the execution id the api node gave it, and the gateway repeats it when an attempt
    /// gets no answer (its shard was moving), so the entity may see it twice: a message queued already (waiting,
    /// running, or among the recently accepted) is answered with the same acceptance, one whose event is still being
    /// journalled (<paramref name="beingQueued"/>) once it is; only a new one is queued.
    /// </summary>
    public static SendKind Classify(ActorEntityState state, IReadOnlySet<string> beingQueued, string executionId) =>
        beingQueued.Contains(executionId) ? SendKind.BeingQueued
        : state.HasAccepted(executionId) ? SendKind.AlreadyQueued
        : SendKind.New;

    /// <summary>
    /// Only a RUNNING execution (journalled as running, on a worker that reported) can be halted; the refusal names
    /// the status the execution was found in: SUBMITTED while queued or being handed over, else finished.
    /// </summary>
    public static Refusal? Halt(ActorEntityState state, string executionId, bool heldByReachableWorker,
        bool heldByAnyWorker)
    {
        if (state.Running.ContainsKey(executionId) && heldByReachableWorker) return null;
        var status = state.Pending.Any(m => m.ExecutionId == executionId) || heldByAnyWorker
            ? Executions.ExecutionStatus.Submitted
            : "COMPLETE or ERROR";
        return new Refusal(RefusalKind.BadRequest,
            $"Cannot force quit an execution not in RUNNING status. Execution was found in status: {status}");
    }

    /// <summary><c>cron_next_ex</c> for a definition: its schedule's start (past starts allowed), or none.</summary>
    private static string? CronStart(ActorDefinition definition, DateTime now) =>
        definition.CronSchedule is { } schedule
            ? CronSchedule.Display(CronSchedule.Parse(schedule, now, allowPastStart: true).Start)
            : null;
}
