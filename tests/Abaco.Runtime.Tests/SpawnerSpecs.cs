using Abaco.Core.Ids;
using Abaco.Runtime.Spawner;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>original-abaco.md §3.2: the spawner starts workers, but no more than spawner.max_workers_per_host at once.</summary>
public sealed class SpawnerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TestProbe _started;

    public SpawnerSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _started = CreateTestProbe();
    }

    /// <summary>Stands in for a worker: says it started and stops when told.</summary>
    private sealed class FakeWorker : ReceiveActor
    {
        public FakeWorker(IActorRef started, string workerId)
        {
            started.Tell(new Started(workerId, Self));
            ReceiveAny(_ => { });
        }
    }

    private sealed record Started(string WorkerId, IActorRef Worker);

    private IActorRef Spawner(HostSlots slots, string queue = "default")
    {
        var started = _started.Ref;
        return Sys.ActorOf(SpawnerActor.Props(start => Props.Create(() => new FakeWorker(started, start.WorkerId.Value)),
            slots), $"spawner-{queue}");
    }

    private IActorRef Spawner(int maxWorkersPerHost) => Spawner(new HostSlots(maxWorkersPerHost));

    private static StartWorker Start(string workerId) => new(ActorKey.Parse("TEST_a"), new WorkerId(workerId), "abaco/test-busybox", 1);

    [Fact(DisplayName = "Under the host limit every request starts a worker; a duplicate request starts none")]
    public void Starts_workers_up_to_the_limit()
    {
        var spawner = Spawner(maxWorkersPerHost: 2);
        spawner.Tell(Start("w1"));
        spawner.Tell(Start("w2"));
        spawner.Tell(Start("w1"));

        var ids = new[] { _started.ExpectMsg<Started>(Wait).WorkerId, _started.ExpectMsg<Started>(Wait).WorkerId };
        Assert.Equal(["w1", "w2"], ids.Order());
        _started.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact(DisplayName = "With max_workers_per_host 1 a second request waits until the first worker stops, then starts")]
    public void Second_request_waits_for_a_free_slot()
    {
        var spawner = Spawner(maxWorkersPerHost: 1);
        spawner.Tell(Start("w1"));
        spawner.Tell(Start("w2"));
        spawner.Tell(Start("w2")); // a duplicate of a waiting request is not queued twice

        var first = _started.ExpectMsg<Started>(Wait);
        Assert.Equal("w1", first.WorkerId);
        _started.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        Sys.Stop(first.Worker);

        var second = _started.ExpectMsg<Started>(Wait);
        Assert.Equal("w2", second.WorkerId);
        _started.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact(DisplayName = "The limit is the host's: spawners of two queues share it, and a freed slot serves the other queue")]
    public void Spawners_of_a_host_share_the_limit()
    {
        var host = new HostSlots(1);
        var a = Spawner(host, "a");
        var b = Spawner(host, "b");
        a.Tell(Start("w1"));
        var first = _started.ExpectMsg<Started>(Wait);
        b.Tell(Start("w2"));
        _started.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        Sys.Stop(first.Worker);

        Assert.Equal("w2", _started.ExpectMsg<Started>(Wait).WorkerId);
    }

    [Fact(DisplayName = "A spawner acknowledges every start request, held back or not, and still answers Identify")]
    public void Spawner_answers_identify()
    {
        var spawner = Spawner(maxWorkersPerHost: 1);
        spawner.Tell(Start("w1"));
        spawner.Tell(Start("w2"));
        _started.ExpectMsg<Started>(Wait);
        // The entity watches the spawner that acknowledged, so a request lost with its node is made again.
        Assert.Equal("w1", ExpectMsg<WorkerRequestHeld>(Wait).WorkerId.Value);
        Assert.Equal("w2", ExpectMsg<WorkerRequestHeld>(Wait).WorkerId.Value);

        spawner.Tell(new Identify("w2"));

        var identity = ExpectMsg<ActorIdentity>(Wait);
        Assert.Equal("w2", identity.MessageId);
        Assert.Equal(spawner, identity.Subject);
    }
}
