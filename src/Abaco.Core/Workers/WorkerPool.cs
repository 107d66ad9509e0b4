using System.Diagnostics.CodeAnalysis;
using Abaco.Core.Messages;

namespace Abaco.Core.Workers;

/// <summary>
/// The workers of one actor as its entity sees them, and the decisions taken over them: how many more to request,
/// which idle worker takes which waiting message, and when an idle worker is stopped. Pure: the entity does the
/// messaging, timers and store writes these decisions call for.
/// </summary>
public sealed class WorkerPool<THandle> where THandle : class
{
    private readonly Dictionary<string, WorkerSlot<THandle>> _slots = new();

    public int Count => _slots.Count;

    public IReadOnlyCollection<WorkerSlot<THandle>> All => _slots.Values;

    public bool TryGet(string workerId, [MaybeNullWhen(false)] out WorkerSlot<THandle> slot) =>
        _slots.TryGetValue(workerId, out slot);

    public void Add(WorkerSlot<THandle> slot) => _slots[slot.Record.Id] = slot;

    public void Remove(string workerId) => _slots.Remove(workerId);

    public WorkerSlot<THandle>? ByHandle(THandle handle) => _slots.Values.FirstOrDefault(w => Equals(w.Handle, handle));

    /// <summary>The worker that holds <paramref name="executionId"/> (running it, or being handed it).</summary>
    public WorkerSlot<THandle>? Holding(string executionId) =>
        _slots.Values.FirstOrDefault(w => w.CurrentExecution == executionId);

    public bool IsBeingDispatched(string executionId) => Holding(executionId) is not null;

    /// <summary>No worker is reachable any more (each has gone, or never reported).</summary>
    public bool AllGone => _slots.Values.All(w => w.Handle is null);

    /// <summary>
    /// How many workers to request for <paramref name="pendingCount"/> waiting messages. Autoscaled actors get one per
    /// message that no idle or starting worker will take, up to <see cref="ScalingPolicy.MaxWorkers"/>; the others get
    /// the original's <c>ensure_one_worker</c>: one when messages wait and no worker of the current revision exists.
    /// </summary>
    /// <param name="isRunning">Whether the journal has the execution as running: messages handed to a worker stay
    /// pending until the hand-over is journalled, and those do not wait.</param>
    public int WorkersToRequest(ScalingPolicy policy, int revision, int pendingCount, Func<string, bool> isRunning)
    {
        if (pendingCount == 0) return 0;
        var current = _slots.Values.Where(w => !w.Stopping && w.Record.Revision == revision).ToList();
        if (!policy.Autoscaled) return current.Count == 0 ? 1 : 0;
        if (current.Count >= policy.MaxWorkers) return 0;
        var waiting = pendingCount - _slots.Values.Count(w => w.CurrentExecution is { } e && !isRunning(e));
        var available = current.Count(w => w.CurrentExecution is null && w.Record.Status != WorkerStatus.Busy);
        return Math.Max(0, Math.Min(waiting - available, policy.MaxWorkers - current.Count));
    }

    /// <summary>
    /// Hands the waiting messages, oldest first, to the idle reachable workers of <paramref name="revision"/>, one each;
    /// each chosen worker holds its message from now (<see cref="WorkerSlot{THandle}.CurrentExecution"/>).
    /// </summary>
    public IReadOnlyList<(WorkerSlot<THandle> Worker, QueuedMessage Message)> Assign(IEnumerable<QueuedMessage> pending,
        int revision)
    {
        var assignments = new List<(WorkerSlot<THandle>, QueuedMessage)>();
        foreach (var slot in _slots.Values)
        {
            if (!slot.IsIdle || slot.Handle is null || slot.Record.Revision != revision) continue;
            var next = pending.FirstOrDefault(m => !IsBeingDispatched(m.ExecutionId));
            if (next is null) break;
            slot.CurrentExecution = next.ExecutionId;
            assignments.Add((slot, next));
        }
        return assignments;
    }

    /// <summary>When the idle worker should next be looked at: the end of its grace (if it may be scaled down) or TTL.</summary>
    public static DateTime? NextIdleDeadline(WorkerSlot<THandle> slot, ScalingPolicy policy)
    {
        if (!slot.IsIdle || slot.IdleSince is not { } since) return null;
        DateTime? due = null;
        if (policy.Autoscaled && slot.MayScaleDown) due = since + policy.IdleGrace;
        if (policy.WorkerTtl is { } ttl && (due is null || since + ttl < due)) due = since + ttl;
        return due;
    }

    /// <summary>
    /// The idle worker's deadline came. The TTL applies to every actor; scaling down only to autoscaled ones, and never
    /// while messages wait. A <c>sync</c> actor keeps its most recently active worker while that one has been idle less
    /// than <see cref="ScalingPolicy.SyncKeepWarm"/>.
    /// </summary>
    public IdleVerdict JudgeIdle(WorkerSlot<THandle> slot, ScalingPolicy policy, int pendingCount, DateTime now)
    {
        if (!slot.IsIdle || slot.IdleSince is not { } since) return IdleVerdict.KeepUntil(null);
        var idle = now - since;
        if (policy.WorkerTtl is { } ttl && idle >= ttl) return IdleVerdict.StopForTtl;
        if (policy.Autoscaled && slot.MayScaleDown && idle >= policy.IdleGrace && pendingCount == 0)
            return KeptWarmUntil(slot, policy, now) is { } until ? IdleVerdict.KeepUntil(until) : IdleVerdict.ScaleDown;
        return IdleVerdict.KeepUntil(NextIdleDeadline(slot, policy));
    }

    private DateTime? KeptWarmUntil(WorkerSlot<THandle> slot, ScalingPolicy policy, DateTime now)
    {
        if (policy.SyncKeepWarm is not { } keep) return null;
        var viable = _slots.Values.Where(w => !w.Stopping).ToList();
        if (!viable.All(w => w.IsIdle) || !ReferenceEquals(viable.MaxBy(w => w.LastActive), slot)) return null;
        var until = slot.LastActive + keep;
        return until > now ? until : null;
    }
}
