using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Metrics;

namespace Abaco.Runtime.Actors;

/// <summary>
/// What the entity adds to the node's metrics as it happens: accepted messages, executions by final status, and its
/// queue in the node's queue depth (taken out again when the entity stops, passivated or moved).
/// </summary>
public sealed partial class ActorEntity
{
    private readonly GaugeShare _queuedShare = new(AbacoMetrics.QueuedMessages);

    /// <summary>
    /// After a live event is applied (never during recovery: those were counted when they happened). A deletion ends
    /// what was waiting or running ERROR without an event per execution, so it counts them from the state before.
    /// </summary>
    private void RecordMetrics(IActorEvent evt, ActorEntityState before)
    {
        if (evt is MessageQueued) AbacoMetrics.MessagesAccepted.Inc();
        else if (evt is ExecutionEnded ended) AbacoMetrics.Executions.WithLabels(ended.Status).Inc();
        else if (evt is ActorDeleted)
            AbacoMetrics.Executions.WithLabels(ExecutionStatus.Error).Inc(before.PendingCount + before.Running.Count);
        _queuedShare.Set(_state.PendingCount);
    }

    protected override void PostStop()
    {
        _queuedShare.Clear();
        base.PostStop();
    }
}
