using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;

namespace Abaco.Admin.Host;

/// <summary>
/// <c>cluster tail</c>: a short-lived actor subscribed to membership, reachability and leader changes, writing each
/// to the reader's channel; the reader stops it when the client goes away.
/// </summary>
public sealed class ClusterTail : UntypedActor
{
    private readonly ChannelWriter<ClusterEventView> _out;

    public ClusterTail(ChannelWriter<ClusterEventView> output) => _out = output;

    public static Props Props(ChannelWriter<ClusterEventView> output) =>
        Akka.Actor.Props.Create(() => new ClusterTail(output));

    protected override void PreStart() =>
        // A snapshot first: streamed as one "tail-started" line (the reader knows it is subscribed), then the changes.
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        _out.TryComplete();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.CurrentClusterState:
                _out.TryWrite(new ClusterEventView(DateTime.UtcNow, "tail-started",
                    Cluster.Get(Context.System).SelfAddress.ToString(), "", []));
                break;
            case ClusterEvent.IMemberEvent member:
                Write(EventName(member), member.Member);
                break;
            case ClusterEvent.UnreachableMember unreachable:
                Write("unreachable", unreachable.Member);
                break;
            case ClusterEvent.ReachableMember reachable:
                Write("reachable", reachable.Member);
                break;
            case ClusterEvent.LeaderChanged leader:
                _out.TryWrite(new ClusterEventView(DateTime.UtcNow, "leader-changed", leader.Leader?.ToString() ?? "",
                    "", []));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Write(string name, Member member) =>
        _out.TryWrite(new ClusterEventView(DateTime.UtcNow, name, member.Address.ToString(),
            AdminService.StatusName(member.Status), [.. member.Roles.Order()]));

    private static string EventName(ClusterEvent.IMemberEvent evt) => evt switch
    {
        ClusterEvent.MemberJoined => "joined",
        ClusterEvent.MemberUp => "up",
        ClusterEvent.MemberWeaklyUp => "weakly-up",
        ClusterEvent.MemberLeft => "left",
        ClusterEvent.MemberExited => "exited",
        ClusterEvent.MemberDowned => "downed",
        ClusterEvent.MemberRemoved => "removed",
        _ => evt.GetType().Name,
    };
}

public sealed partial class AdminService
{
    /// <summary>Membership and reachability events from now on, until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<ClusterEventView> TailAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<ClusterEventView>(new UnboundedChannelOptions { SingleReader = true });
        var tail = system.ActorOf(ClusterTail.Props(channel.Writer));
        try
        {
            await foreach (var evt in channel.Reader.ReadAllAsync(ct)) yield return evt;
        }
        finally
        {
            tail.Tell(PoisonPill.Instance);
        }
    }
}
