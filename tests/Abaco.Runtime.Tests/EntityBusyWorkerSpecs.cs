using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Workers;
using Abaco.Runtime.Actors;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// When the entity's belief about a worker and the worker's own word disagree (its shard moved while the worker ran,
/// and a READY from before the hand-over arrived first): the worker's report wins, an execution ends 'interrupted'
/// only when the worker itself says it does not hold it, and a message refused by a busy worker is queued again.
/// </summary>
public sealed class EntityBusyWorkerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = EntityHarness.Wait;

    private static readonly Abaco.Core.Settings.AbacoSettings Settings = Fixtures.Settings with
    {
        Workers = Fixtures.Settings.Workers with { Autoscaling = false },
    };

    private static readonly ActorEntity.Timings Timings = ActorEntity.Timings.Default with
    {
        ReconcileWindow = TimeSpan.FromMilliseconds(500),
        ClaimGrace = TimeSpan.FromMilliseconds(500),
    };

    private readonly EntityHarness _h;

    public EntityBusyWorkerSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output) =>
        _h = new EntityHarness(this, Settings, Timings);

    protected override void AfterAll()
    {
        base.AfterAll();
        _h.Dispose();
    }

    [Fact(DisplayName = "After a restart, a worker that answers READY without claiming its journalled execution, and again when asked once reconciliation ends, is idle: the execution ends 'interrupted' and the next message runs")]
    public async Task Recovery_with_an_unclaimed_execution()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1"); // e1 never ran: its container failed to start

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);
        worker.ExpectMsg<IdentifyWorkers>(Wait); // asked itself when the window closed
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);

        var execution = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Contains("interrupted", execution.StatusMessage);
        _h.Send(revived, "e2");
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    [Fact(DisplayName = "After a restart, a worker adopted from an old READY that claims its execution only after reconciliation keeps it: it completes, and the next message waits for it")]
    public async Task Late_claim_after_reconciliation()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1", queued: "e2");

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready); // sent before e1 reached it
        worker.ExpectMsg<IdentifyWorkers>(Wait); // the window closed: no RunExecution for e2 before it
        EntityHarness.Report(revived, worker, start, WorkerStatus.Busy, running: "e1");

        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // e2 waits: the worker runs e1
        EntityHarness.Finish(revived, worker, start, "e1");
        var e1 = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal("", e1.StatusMessage);
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    [Fact(DisplayName = "A worker that answers a dispatch 'busy' with another execution: the message goes back to the head of the queue, never ERROR, and runs when the worker is free")]
    public async Task Refused_dispatch_is_queued_again()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        Assert.Equal("e1", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        _h.Send(entity, "e2");

        entity.Tell(new ExecutionRefused(Fixtures.Key, start.WorkerId, new ExecutionId("e1"), new ExecutionId("e0")),
            worker.Ref);

        await AwaitConditionAsync(() => Task.FromResult(_h.Count(entity) == 2), Wait, message: "e1 to be queued again");
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // busy with e0: nothing more is handed to it
        Assert.Equal(ExecutionStatus.Submitted, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
        EntityHarness.Finish(entity, worker, start, "e0");
        Assert.Equal("e1", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId); // first again
        EntityHarness.Finish(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }
}
