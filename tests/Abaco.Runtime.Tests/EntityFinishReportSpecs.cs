using Abaco.Core.Executions;
using Abaco.Core.Workers;
using Abaco.Runtime.Actors;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// A worker's report of an execution's end can be dropped while the entity's shard is handed off to another node (a
/// rolling restart), so the worker repeats it until the entity acknowledges it: the entity acknowledges once the end is
/// journalled, settles a repeat once, and its next incarnation neither takes the execution for interrupted while the
/// worker may still answer, nor leaves the worker that reported it without work.
/// </summary>
public sealed class EntityFinishReportSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = EntityHarness.Wait;

    private static readonly Abaco.Core.Settings.AbacoSettings Settings = Fixtures.Settings with
    {
        Workers = Fixtures.Settings.Workers with { Autoscaling = false },
    };

    // A short first window, and a grace long enough that only a worker's answer can settle what is still unclaimed.
    private static readonly ActorEntity.Timings Timings = ActorEntity.Timings.Default with
    {
        ReconcileWindow = TimeSpan.FromMilliseconds(300),
        ClaimGrace = TimeSpan.FromSeconds(30),
    };

    private readonly EntityHarness _h;

    public EntityFinishReportSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output) =>
        _h = new EntityHarness(this, Settings, Timings);

    protected override void AfterAll()
    {
        base.AfterAll();
        _h.Dispose();
    }

    [Fact(DisplayName = "A finish report is acknowledged once journalled; a repeat of it is acknowledged again and the worker gets the next message once")]
    public async Task Finish_is_acknowledged_and_a_repeat_settles_nothing_twice()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        _h.Send(entity, "e2");

        EntityHarness.FinishFrom(entity, worker, start, "e1");
        Assert.Equal("e1", worker.ExpectMsg<FinishAcknowledged>(Wait).ExecutionId.Value);
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        _h.Send(entity, "e3");
        EntityHarness.FinishFrom(entity, worker, start, "e1"); // the repeat that crossed the acknowledgement

        Assert.Equal("e1", worker.ExpectMsg<FinishAcknowledged>(Wait).ExecutionId.Value);
        // Bounded: a worker wrongly freed by the repeat would be handed e3 within milliseconds.
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        EntityHarness.FinishFrom(entity, worker, start, "e2");
        Assert.Equal("e3", worker.FishForMessage<RunExecution>(_ => true, Wait).Message.ExecutionId);
        await _h.ExecutionEventuallyAsync("e2", ExecutionStatus.Complete);
        Assert.Equal(ExecutionStatus.Complete, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
    }

    [Fact(DisplayName = "After a move, an execution no worker claimed in the reconcile window is asked about again, and the worker's late finish completes it")]
    public async Task Late_finish_after_the_window_completes()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1");
        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait); // its answer is lost

        worker.ExpectMsg<IdentifyWorkers>(Wait); // asked again when the window closed
        EntityHarness.FinishFrom(revived, worker, start, "e1");

        Assert.Equal("e1", worker.FishForMessage<FinishAcknowledged>(_ => true, Wait).ExecutionId.Value);
        var execution = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal("", execution.StatusMessage);
    }

    [Fact(DisplayName = "After a move, a finish from a worker the entity never heard from completes the execution, and the worker, asked who it is, takes the next message")]
    public async Task Finish_from_an_unknown_worker_adopts_it()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1", queued: "e2");
        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait); // its answer is lost

        EntityHarness.FinishFrom(revived, worker, start, "e1");
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);

        Assert.Equal("e2", worker.FishForMessage<RunExecution>(_ => true, Wait).Message.ExecutionId);
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
    }
}
