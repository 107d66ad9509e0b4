using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Workers;
using Abaco.Runtime.Actors;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Dispatch.SysMsg;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// The entity when a spawner node is lost (its workers and its spawner die with their address) and when the entity
/// itself recovers with worker records nobody claims.
/// </summary>
public sealed class EntityNodeLossSpecs : Akka.TestKit.Xunit2.TestKit
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
        // Long: a request goes again here only because its spawner died, not for want of an acknowledgement.
        SpawnerProbe = TimeSpan.FromMinutes(1),
    };

    private readonly EntityHarness _h;

    public EntityNodeLossSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output) =>
        _h = new EntityHarness(this, Settings, Timings, acknowledgeStarts: false);

    protected override void AfterAll()
    {
        base.AfterAll();
        _h.Dispose();
    }

    [Fact(DisplayName = "A worker lost with its node: its execution ends ERROR naming the host and address, its records go, the queue moves on")]
    public async Task Worker_lost_with_its_node()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        await _h.Stores.Clients.AddAsync(WorkerClientRecord.New(Fixtures.Key.Tenant, Fixtures.Key.Id.Value, start.WorkerId.Value,
            "owner", DateTime.UtcNow));
        _h.Send(entity, "e2");

        // What the cluster's DeathWatch delivers when the worker's node is downed or removed.
        ((IInternalActorRef)entity).SendSystemMessage(
            new DeathWatchNotification(worker.Ref, existenceConfirmed: false, addressTerminated: true));

        var lost = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Equal(ActorEntity.NodeLostReason("h", worker.Ref.Path.Address.ToString()), lost.StatusMessage);
        Assert.Contains("The spawner node h (akka", lost.StatusMessage);
        await _h.EventuallyAsync(async () => await _h.Stores.Workers.GetAsync(Fixtures.DbId, start.WorkerId.Value) is null
            && await _h.Stores.Clients.GetAsync(Fixtures.DbId, start.WorkerId.Value) is null ? "" : null,
            "the lost worker's record and client to be removed");
        var replacement = _h.ExpectStartWorker();
        var next = _h.ReadyWorker(entity, replacement);
        Assert.Equal("e2", next.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    [Fact(DisplayName = "A worker that stops on its own node keeps the plain reason, not a lost node")]
    public async Task Worker_stopped_on_a_live_node()
    {
        var (entity, _, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);

        Sys.Stop(worker.Ref);

        var ended = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Contains("stopped before it finished", ended.StatusMessage);
        Assert.DoesNotContain("was lost", ended.StatusMessage);
    }

    [Fact(DisplayName = "A start request held by a spawner that dies is made again to the spawners that remain")]
    public void Request_held_by_a_lost_spawner_is_made_again()
    {
        var entity = _h.Entity();
        _h.Register(entity);
        var first = _h.Spawner.ExpectMsg<StartWorker>(Wait);
        var lostSpawner = CreateTestProbe();
        entity.Tell(new WorkerRequestHeld(first.WorkerId), lostSpawner.Ref); // the spawner that holds it
        _h.Spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Sys.Stop(lostSpawner.Ref);

        var again = _h.Spawner.ExpectMsg<StartWorker>(Wait);
        Assert.Equal(first.WorkerId, again.WorkerId);
    }

    [Fact(DisplayName = "After a restart, worker records (and clients) no surviving worker claims are removed; a survivor's stays")]
    public async Task Recovery_removes_unclaimed_worker_records()
    {
        var (survivorStart, survivor) = _h.WorkerOutlivingItsEntity("e1");
        // Left by the previous incarnation: a worker requested but never started, with a client.
        var orphan = new WorkerRecord("orphan", Fixtures.Key.Tenant, Fixtures.Key.Id.Value, WorkerStatus.Requested,
            "abaco/test-busybox", 1, "", WorkerRecord.NoContainer, "", "", DateTime.UtcNow, null, null);
        await _h.Stores.Workers.UpsertAsync(orphan);
        await _h.Stores.Clients.AddAsync(WorkerClientRecord.New(Fixtures.Key.Tenant, Fixtures.Key.Id.Value, "orphan", "owner",
            DateTime.UtcNow));

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        survivor.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Report(revived, survivor, survivorStart, WorkerStatus.Busy, running: "e1");

        await _h.EventuallyAsync(async () => await _h.Stores.Workers.GetAsync(Fixtures.DbId, "orphan") is null
            && await _h.Stores.Clients.GetAsync(Fixtures.DbId, "orphan") is null ? "" : null,
            "the unclaimed worker record and its client to be removed");
        Assert.NotNull(await _h.Stores.Workers.GetAsync(Fixtures.DbId, survivorStart.WorkerId.Value));
        EntityHarness.Finish(revived, survivor, survivorStart, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
    }
}
