using Abaco.Core.Actors;
using Abaco.Metrics;

namespace Abaco.Runtime.Actors;

/// <summary>
/// What the entity adds to the node's metrics as it happens: accepted messages, executions by final status, and its
/// queue in the node's queue depth (taken out again when the entity stops, passivated or moved).
/// </summary>
public sealed partial class ActorEntity
{
    private readonly GaugeShare _queuedShare = new(AbacoMetrics.QueuedMessages);

    /// <summary>After a live event is applied (never during recovery: those were counted when they happened).</summary>
    private void RecordMetrics(IActorEvent evt)
    {
        if (evt is MessageQueued) AbacoMetrics.MessagesAccepted.Inc();
        else if (evt is ExecutionEnded ended) AbacoMetrics.Executions.WithLabels(ended.Status).Inc();
        _queuedShare.Set(_state.PendingCount);
    }

    protected override void PostStop()
    {
        _queuedShare.Clear();
        base.PostStop();
    }
}
