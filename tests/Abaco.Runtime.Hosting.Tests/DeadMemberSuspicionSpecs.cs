using Abaco.Runtime.Downing;
using Akka.Actor;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>When the evidence that a member's process is gone suffices, and when a suspicion lapses.</summary>
public sealed class DeadMemberSuspicionSpecs
{
    private static readonly Address Member = new("akka.tcp", "abaco", "127.0.0.1", 4053);
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact(DisplayName = "Three refusals in a row after a lost connection make the member dead")]
    public void Refusals_in_a_row_make_it_dead()
    {
        var suspicion = new DeadMemberSuspicion(3, Window);
        suspicion.ConnectionLost(Member, Now);

        Assert.Equal([Member], suspicion.ToProbe(Now));
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.True(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.False(suspicion.Any);
    }

    [Theory(DisplayName = "A listening or silent port between refusals starts the count again: a restarting process or a partition is not a dead one")]
    [InlineData(PortAnswer.Listening)]
    [InlineData(PortAnswer.Silent)]
    public void Other_answers_reset_the_count(PortAnswer between)
    {
        var suspicion = new DeadMemberSuspicion(3, Window);
        suspicion.ConnectionLost(Member, Now);

        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.False(suspicion.IsDeadAfter(Member, between));
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
        Assert.True(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
    }

    [Fact(DisplayName = "A lost connection keeps the member suspect for the window only; an unreachable one stays suspect until reachable")]
    public void Suspicion_lapses()
    {
        var suspicion = new DeadMemberSuspicion(3, Window);
        suspicion.ConnectionLost(Member, Now);
        Assert.Empty(suspicion.ToProbe(Now + Window + TimeSpan.FromMilliseconds(1)));

        suspicion.Unreachable(Member);
        Assert.Equal([Member], suspicion.ToProbe(Now + TimeSpan.FromHours(1)));
        suspicion.Reachable(Member);
        Assert.Empty(suspicion.ToProbe(Now + TimeSpan.FromHours(1)));
    }

    [Fact(DisplayName = "A member never suspected, or forgotten, is never judged dead")]
    public void Unsuspected_members_are_not_judged()
    {
        var suspicion = new DeadMemberSuspicion(1, Window);
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));

        suspicion.ConnectionLost(Member, Now);
        suspicion.Forget(Member);
        Assert.False(suspicion.IsDeadAfter(Member, PortAnswer.Refused));
    }

    [Fact(DisplayName = "A port with a listener answers Listening; the same port closed answers Refused")]
    public async Task Probe_tells_listening_from_refused()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Equal(PortAnswer.Listening, await RemotingPortProbe.ProbeAsync("127.0.0.1", port, TimeSpan.FromSeconds(5)));
        listener.Stop();
        Assert.Equal(PortAnswer.Refused, await RemotingPortProbe.ProbeAsync("127.0.0.1", port, TimeSpan.FromSeconds(5)));
    }
}
