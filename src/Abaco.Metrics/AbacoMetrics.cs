using Prometheus;
using Prom = Prometheus.Metrics;

namespace Abaco.Metrics;

/// <summary>
/// Every metric the node exposes at <c>/metrics</c>, defined once (docs/metrics.md lists them). Each node reports
/// what happens in its own process; Prometheus adds the <c>instance</c> label, so no metric carries the node's name.
/// No label takes an actor, execution or worker id: those are created by users without bound, and each would be a
/// new series for ever. What one actor is doing is the API's and the dashboard's to show.
/// </summary>
public static class AbacoMetrics
{
    // First field: prometheus-net's defaults are chosen before anything touches its default registry.
    private static readonly bool DefaultsChosen = ProcessMetrics.ChooseDefaults();

    public static readonly Counter MessagesAccepted = Prom.CreateCounter("abaco_messages_accepted_total",
        "Messages accepted (journalled) by the actor entities this node holds.");

    public static readonly Counter Executions = Prom.CreateCounter("abaco_executions_total",
        "Executions that ended, by final status (COMPLETE or ERROR), counted by the entity that ended them.",
        new CounterConfiguration { LabelNames = ["status"] });

    public static readonly Histogram AcceptToStart = Prom.CreateHistogram("abaco_accept_to_start_seconds",
        "From a message's acceptance to its worker asking for its container to start.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });

    public static readonly Histogram ContainerOperations = Prom.CreateHistogram("abaco_container_operation_seconds",
        "Docker calls of this node's workers (create, start, remove) and how long containers ran (run).",
        new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });

    public static readonly Histogram WarmExecutionSteps = Prom.CreateHistogram("abaco_warm_execution_step_seconds",
        "The steps of a warm execution on its worker's path and in its container's runner (docs/warm-execution.md).",
        new HistogramConfiguration { LabelNames = ["step"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });

    public static readonly Gauge QueuedMessages = Prom.CreateGauge("abaco_queued_messages",
        "Messages waiting for a worker in the actor entities this node holds.");

    public static readonly Gauge Workers = Prom.CreateGauge("abaco_node_workers",
        "Workers running on this node, by status.", new GaugeConfiguration { LabelNames = ["status"] });

    public static readonly Gauge SpawnerSlots = Prom.CreateGauge("abaco_spawner_slots",
        "This node's worker slots (spawner.max_workers_per_host), used and free.",
        new GaugeConfiguration { LabelNames = ["state"] });

    public static readonly Histogram StoreOperations = Prom.CreateHistogram("abaco_store_operation_seconds",
        "Calls into the stores, by store (collection) and operation, until their task completed (failed ones too).",
        new HistogramConfiguration
        {
            LabelNames = ["store", "operation"], Buckets = Histogram.ExponentialBuckets(0.001, 2.5, 10),
        });

    public static readonly Gauge ClusterMembers = Prom.CreateGauge("abaco_cluster_members",
        "Members of the Akka.NET cluster as this node sees them, by status.",
        new GaugeConfiguration { LabelNames = ["status"] });

    public static readonly Gauge ClusterUnreachable = Prom.CreateGauge("abaco_cluster_unreachable_members",
        "Members this node's failure detector marks unreachable.");

    public static readonly Counter DeadMembersDowned = Prom.CreateCounter("abaco_cluster_dead_members_downed_total",
        "Members this node downed because their remoting port refused connections (their process was gone).");

    /// <summary>True once the defaults are chosen (for a caller that must run after them, e.g. the HTTP middleware).</summary>
    public static bool Ready => DefaultsChosen;
}
