using Abaco.Core.Messages;
using Abaco.Metrics;

namespace Abaco.Runtime.Workers;

/// <summary>The worker's part of the node's metrics: its status among the node's workers, and its messages' waits.</summary>
public sealed partial class WorkerActor
{
    private readonly StatusShare _statusShare = new(AbacoMetrics.Workers);

    /// <summary>
    /// From the message's acceptance to this worker asking for its container (the wait in the queue, a worker's start
    /// and the preparation). Clocks of two nodes may disagree slightly: a negative wait counts as none.
    /// </summary>
    private void ObserveAcceptToStart(QueuedMessage message) =>
        AbacoMetrics.AcceptToStart.Observe(
            Math.Max(0, (_services.Clock.GetUtcNow().UtcDateTime - message.ReceivedTime).TotalSeconds));
}
