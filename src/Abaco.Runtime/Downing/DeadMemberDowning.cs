using Abaco.Core.Settings;
using Abaco.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote;

namespace Abaco.Runtime.Downing;

/// <summary>
/// Downs a member whose process is gone as soon as that is certain, instead of after the failure detector (4-7 s of
/// missed heartbeats) and the split-brain resolver's stable-after: when this node loses its connection to a member,
/// or the member becomes unreachable, it tries the member's remoting port; refusals in a row mean the member's host
/// answers and nothing listens there, so the process (that incarnation) is dead. A partition drops packets: attempts
/// time out, and the resolver decides as before. Every node does this; downing the same member twice is harmless.
/// The dead incarnation is also quarantined, which marks it terminated, so the leader removes it at once.
/// </summary>
public sealed class DeadMemberDowningActor : ReceiveActor, IWithTimers
{
    public sealed record Timings(TimeSpan ProbeInterval, TimeSpan ProbeTimeout, int RefusalsNeeded, TimeSpan SuspicionWindow)
    {
        public static readonly Timings Default =
            new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), 3, TimeSpan.FromSeconds(5));
    }

    private sealed record ProbeAnswered(Address Member, PortAnswer Answer);

    private sealed class ProbeTick
    {
        public static readonly ProbeTick Instance = new();
    }

    private static readonly HashSet<MemberStatus> Downable =
        [MemberStatus.Joining, MemberStatus.WeaklyUp, MemberStatus.Up, MemberStatus.Leaving];

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, Member> _members = new();
    private readonly HashSet<Address> _probing = new();
    private readonly DeadMemberSuspicion _suspicion;
    private readonly Timings _timings;

    public ITimerScheduler Timers { get; set; } = null!;

    public DeadMemberDowningActor(Timings timings)
    {
        _timings = timings;
        _suspicion = new DeadMemberSuspicion(timings.RefusalsNeeded, timings.SuspicionWindow);
        Receive<ClusterEvent.MemberRemoved>(removed => Forget(removed.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(changed => _members[changed.Member.Address] = changed.Member);
        Receive<ClusterEvent.UnreachableMember>(unreachable => Suspect(unreachable.Member.Address, _suspicion.Unreachable));
        Receive<ClusterEvent.ReachableMember>(reachable => _suspicion.Reachable(reachable.Member.Address));
        Receive<DisassociatedEvent>(lost => Suspect(lost.RemoteAddress, ConnectionLost));
        Receive<AssociationErrorEvent>(failed => Suspect(failed.RemoteAddress, ConnectionLost));
        Receive<ProbeTick>(_ => ProbeSuspects());
        Receive<ProbeAnswered>(Judge);
    }

    public static Props Props(Timings timings) => Akka.Actor.Props.Create(() => new DeadMemberDowningActor(timings));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void ConnectionLost(Address member) => _suspicion.ConnectionLost(member, DateTimeOffset.UtcNow);

    private void Suspect(Address member, Action<Address> suspect)
    {
        if (!IsDownable(member)) return;
        suspect(member);
        if (!Timers.IsTimerActive(ProbeTick.Instance))
            Timers.StartPeriodicTimer(ProbeTick.Instance, ProbeTick.Instance, TimeSpan.Zero, _timings.ProbeInterval);
    }

    private void ProbeSuspects()
    {
        foreach (var member in _suspicion.ToProbe(DateTimeOffset.UtcNow))
        {
            if (!IsDownable(member)) _suspicion.Forget(member);
            else if (_probing.Add(member))
                RemotingPortProbe.ProbeAsync(member.Host!, member.Port!.Value, _timings.ProbeTimeout)
                    .PipeTo(Self, success: answer => new ProbeAnswered(member, answer),
                        failure: _ => new ProbeAnswered(member, PortAnswer.Silent));
        }
        if (!_suspicion.Any) Timers.Cancel(ProbeTick.Instance);
    }

    private void Judge(ProbeAnswered probe)
    {
        _probing.Remove(probe.Member);
        if (!_suspicion.IsDeadAfter(probe.Member, probe.Answer) || !IsDownable(probe.Member)) return;
        var member = _members[probe.Member];
        _log.Warning("Downing {0}: its remoting port refused {1} connections in a row, so its process is gone",
            probe.Member, _timings.RefusalsNeeded);
        // Akka removes a downed member only once it is unreachable, which the failure detector would say seconds
        // later; quarantining the dead incarnation marks it terminated now (it can never be heard from again: a
        // restarted process is a new incarnation, with a new uid).
        ((IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider)
            .Quarantine(member.Address, member.UniqueAddress.Uid);
        _cluster.Down(member.Address);
        AbacoMetrics.DeadMembersDowned.Inc();
    }

    /// <summary>Only a member that has not left or been downed, never this node, and only while this node is Up itself
    /// (a node that is joining or leaving does not judge the others).</summary>
    private bool IsDownable(Address member) =>
        member != _cluster.SelfAddress && member.Host is not null && member.Port is not null
        && _cluster.SelfMember.Status == MemberStatus.Up
        && _members.TryGetValue(member, out var known) && Downable.Contains(known.Status);

    private void Forget(Address member)
    {
        _members.Remove(member);
        _suspicion.Forget(member);
    }
}

public static class DeadMemberDowningHosting
{
    /// <summary>One <see cref="DeadMemberDowningActor"/> per node when <c>node.down_dead_processes</c> is on.</summary>
    public static AkkaConfigurationBuilder AddDeadMemberDowning(this AkkaConfigurationBuilder builder, NodeSettings node) =>
        builder.WithActors((system, _) =>
        {
            if (node.DownDeadProcesses)
                system.ActorOf(DeadMemberDowningActor.Props(DeadMemberDowningActor.Timings.Default), "dead-member-downing");
        });
}
