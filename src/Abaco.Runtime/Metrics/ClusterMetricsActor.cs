using Abaco.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;

namespace Abaco.Runtime.Metrics;

/// <summary>
/// Keeps <c>abaco_cluster_members{status}</c> and <c>abaco_cluster_unreachable_members</c> as this node sees the
/// cluster: on every membership or reachability change it asks the cluster for its current state (the state the event
/// came from) and sets every status, absent ones to 0, so a member that left does not linger in a gauge.
/// </summary>
public sealed class ClusterMetricsActor : UntypedActor
{
    private static readonly MemberStatus[] Statuses = Enum.GetValues<MemberStatus>();

    private readonly Cluster _cluster = Cluster.Get(Context.System);

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterMetricsActor());

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.CurrentClusterState state:
                Report(state);
                break;
            case ClusterEvent.IClusterDomainEvent:
                _cluster.SendCurrentClusterState(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private static void Report(ClusterEvent.CurrentClusterState state)
    {
        foreach (var status in Statuses)
            AbacoMetrics.ClusterMembers.WithLabels(status.ToString()).Set(state.Members.Count(m => m.Status == status));
        AbacoMetrics.ClusterUnreachable.Set(state.Unreachable.Count);
    }
}

public static class ClusterMetricsHosting
{
    /// <summary>One <see cref="ClusterMetricsActor"/> per node, whatever its roles.</summary>
    public static AkkaConfigurationBuilder AddClusterMetrics(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _) => system.ActorOf(ClusterMetricsActor.Props(), "cluster-metrics"));
}
