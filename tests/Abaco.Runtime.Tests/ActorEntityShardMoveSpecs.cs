using Abaco.Core.Executions;
using Abaco.Core.Workers;
using Abaco.Core.Settings;
using Abaco.Runtime.Actors;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// When an entity's shard moves to another node: the gateway repeats a message whose first attempt got no answer,
/// with the same execution id, and the entity queues it once and answers every attempt with the same acceptance
/// (whether the first is still being journalled, waiting, finished, or was accepted by an earlier incarnation); and
/// an entity handed off finishes what it was journalling (a worker is told its execution) before it stops.
/// </summary>
public sealed class ActorEntityShardMoveSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = EntityHarness.Wait;

    private static readonly AbacoSettings Settings = Fixtures.Settings with
    {
        Workers = Fixtures.Settings.Workers with { Autoscaling = false },
    };

    private readonly EntityHarness _h;

    public ActorEntityShardMoveSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output) =>
        _h = new EntityHarness(this, Settings);

    protected override void AfterAll()
    {
        base.AfterAll();
        _h.Dispose();
    }

    [Fact(DisplayName = "A message sent twice at once is queued once, and both attempts are accepted under its execution id")]
    public async Task Repeat_while_journalling()
    {
        var entity = _h.Registered();
        var first = CreateTestProbe();
        var repeat = CreateTestProbe();

        entity.Tell(new SendMessage(Fixtures.Key, Fixtures.Message("e1")), first.Ref);
        entity.Tell(new SendMessage(Fixtures.Key, Fixtures.Message("e1")), repeat.Ref);

        Assert.Equal("e1", first.ExpectMsg<MessageAccepted>(Wait).ExecutionId.Value);
        Assert.Equal("e1", repeat.ExpectMsg<MessageAccepted>(Wait).ExecutionId.Value);
        Assert.Equal(1, _h.Count(entity));
        Assert.Single(await _h.Stores.Executions.ListAsync(Fixtures.DbId));
    }

    [Fact(DisplayName = "A repeat of a finished message is accepted and runs nothing again")]
    public async Task Repeat_after_it_ran()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        EntityHarness.Started(entity, worker, start, "e1");
        EntityHarness.Finish(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);

        Assert.Equal("e1", _h.Send(entity, "e1"));

        Assert.Equal(0, _h.Count(entity));
        _h.Send(entity, "e2");
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        Assert.Equal(ExecutionStatus.Complete, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
    }

    [Fact(DisplayName = "A repeat reaching the entity's next incarnation (its shard moved) is recognised from the journal")]
    public void Repeat_after_recovery()
    {
        var entity = _h.Registered();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity, Wait);

        var revived = _h.Entity();

        Assert.Equal("e1", _h.Send(revived, "e1"));
        Assert.Equal(2, _h.Count(revived));
    }

    [Fact(DisplayName = "Handed off while a dispatch is being journalled, the entity tells the worker, then stops")]
    public void Hand_off_finishes_a_dispatch()
    {
        var entity = _h.Registered();
        _h.Send(entity, "e1");
        var start = _h.ExpectStartWorker();
        Watch(entity);

        var worker = _h.ReadyWorker(entity, start);
        entity.Tell(ActorEntity.HandOff.Instance);

        Assert.Equal("e1", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        ExpectTerminated(entity, Wait);
    }

    [Fact(DisplayName = "A READY the worker sent before its last dispatch, reaching the moved entity, gets it no second execution")]
    public async Task Stale_ready_after_a_move()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1");
        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        _h.Send(revived, "e2");

        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);
        _h.Count(revived);

        // Bounded: a dispatch to the busy worker would be journalled and sent within milliseconds.
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        EntityHarness.Finish(revived, worker, start, "e1");
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
    }

    [Fact(DisplayName = "An idle worker's repeated finish, then its READY, reaching the moved entity: the worker takes the next message")]
    public async Task Repeated_finish_then_ready_after_a_move()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1");
        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);

        EntityHarness.Finish(revived, worker, start, "e1");
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);
        _h.Send(revived, "e2");

        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
    }
}
