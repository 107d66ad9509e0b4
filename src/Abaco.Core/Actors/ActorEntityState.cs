using System.Collections.Immutable;
using Abaco.Core.Messages;

namespace Abaco.Core.Actors;

/// <summary>A message a worker is running.</summary>
public sealed record RunningExecution(QueuedMessage Message, string WorkerId);

/// <summary>
/// The durable state of one actor's entity: its record, its queue of pending messages (in arrival order) and the
/// executions handed to workers. Workers themselves are not durable: they die with their node.
/// <see cref="RecentlyAccepted"/> holds the execution ids of the last <see cref="RecentlyAcceptedKept"/> messages
/// queued, so a <c>SendMessage</c> repeated by the gateway (its first attempt got no answer while a shard moved) is
/// recognised after its execution ended, across recovery and snapshots.
/// </summary>
public sealed record ActorEntityState(
    ActorRecord? Actor,
    bool Deleted,
    ImmutableList<QueuedMessage> Pending,
    ImmutableDictionary<string, RunningExecution> Running)
{
    /// <summary>How many recently queued execution ids are remembered for recognising repeated messages.</summary>
    public const int RecentlyAcceptedKept = 1000;

    public static ActorEntityState Empty { get; } =
        new(null, false, ImmutableList<QueuedMessage>.Empty, ImmutableDictionary<string, RunningExecution>.Empty);

    public bool Exists => Actor is not null && !Deleted;

    public int PendingCount => Pending.Count;

    /// <summary>Execution ids of the last queued messages, oldest first (empty in snapshots taken before it existed).</summary>
    public ImmutableList<string> RecentlyAccepted { get; init; } = ImmutableList<string>.Empty;

    /// <summary>Whether a message with this execution id was queued already (waiting, running, or recently ended).</summary>
    public bool HasAccepted(string executionId) =>
        Running.ContainsKey(executionId) || ExecutionIdSets.Contains(RecentlyAccepted, id => id, executionId) ||
        ExecutionIdSets.Contains(Pending, m => m.ExecutionId, executionId);

    public ActorEntityState Apply(IActorEvent evt) => evt switch
    {
        ActorRegistered e => this with { Actor = e.Actor, Deleted = false },
        ActorUpdated e => this with { Actor = e.Actor },
        ActorStatusChanged e => Actor is null
            ? this
            : this with { Actor = Actor with { Status = e.Status, StatusMessage = e.StatusMessage } },
        ActorDeleted => this with
        {
            Deleted = true,
            Pending = ImmutableList<QueuedMessage>.Empty,
            Running = ImmutableDictionary<string, RunningExecution>.Empty,
        },
        MessageQueued e => this with
        {
            Pending = ExecutionIdSets.Added(Pending, Pending.Add(e.Message), e.Message.ExecutionId),
            RecentlyAccepted = Remember(RecentlyAccepted, e.Message.ExecutionId),
        },
        ExecutionDispatched e => Dispatch(e),
        ExecutionReturned e => Return(e),
        ExecutionEnded e => this with
        {
            // A running execution is not also waiting: looking for it in a long queue cost O(queue) per end.
            Pending = Running.ContainsKey(e.ExecutionId) ? Pending : Without(Pending, e.ExecutionId),
            Running = Running.Remove(e.ExecutionId),
        },
        _ => this,
    };

    // Once full (every actor that took a thousand messages), the oldest id goes as each new one comes: one new list
    // and one derived set per message, not an intermediate list one too long and its set as well.
    private static ImmutableList<string> Remember(ImmutableList<string> recent, string executionId)
    {
        var forget = recent.Count + 1 - RecentlyAcceptedKept;
        if (forget <= 0) return ExecutionIdSets.Added(recent, recent.Add(executionId), executionId);
        IReadOnlyList<string> forgotten = forget == 1 ? [recent[0]] : recent.GetRange(0, forget);
        return ExecutionIdSets.Replaced(recent, recent.RemoveRange(0, forget).Add(executionId), forgotten, executionId);
    }

    private static ImmutableList<QueuedMessage> Without(ImmutableList<QueuedMessage> pending, string executionId)
    {
        var index = pending.FindIndex(m => m.ExecutionId == executionId);
        return index < 0 ? pending : ExecutionIdSets.Removed(pending, pending.RemoveAt(index), [executionId]);
    }

    private ActorEntityState Return(ExecutionReturned e) => Running.TryGetValue(e.ExecutionId, out var running)
        ? this with { Pending = Pending.Insert(0, running.Message), Running = Running.Remove(e.ExecutionId) }
        : this;

    private ActorEntityState Dispatch(ExecutionDispatched e)
    {
        var index = Pending.FindIndex(m => m.ExecutionId == e.ExecutionId);
        if (index < 0) return this;
        var message = Pending[index];
        return this with
        {
            Pending = ExecutionIdSets.Removed(Pending, Pending.RemoveAt(index), [e.ExecutionId]),
            Running = Running.SetItem(e.ExecutionId, new RunningExecution(message, e.WorkerId)),
        };
    }
}
