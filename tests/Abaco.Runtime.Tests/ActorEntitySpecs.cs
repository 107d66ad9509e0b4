using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Workers;
using Abaco.Metrics;
using Abaco.Protocol;
using Abaco.Runtime.Actors;
using Abaco.Stores;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// The actor entity with an in-memory journal and a real SQLite store; the spawner and the workers are probes, so
/// each spec drives the worker side of the protocol by hand.
/// </summary>
public sealed class ActorEntitySpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = EntityHarness.Wait;

    private static readonly Abaco.Core.Settings.AbacoSettings Settings = Fixtures.Settings with
    {
        // These specs drive one worker by hand: the autoscaler (AutoscalingSpecs) would ask for more.
        Workers = Fixtures.Settings.Workers with { MaxConsecutiveErrors = 2, Autoscaling = false },
    };

    private static readonly ActorEntity.Timings Timings = ActorEntity.Timings.Default with
    {
        ReconcileWindow = TimeSpan.FromMilliseconds(500),
        ClaimGrace = TimeSpan.FromMilliseconds(500),
        RewriteDelay = TimeSpan.FromMilliseconds(200),
    };

    private readonly EntityHarness _h;

    public ActorEntitySpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output) =>
        _h = new EntityHarness(this, Settings, Timings);

    protected override void AfterAll()
    {
        base.AfterAll();
        _h.Dispose();
    }

    [Fact(DisplayName = "Registering persists and stores the actor, SUBMITTED at revision 1, and asks the spawner for a worker")]
    public async Task Register_requests_a_worker()
    {
        var entity = _h.Entity();
        var actor = _h.Register(entity);

        Assert.Equal(ActorStatus.Submitted, actor.Status);
        Assert.Equal(1, actor.Revision);
        Assert.Equal("owner", (await _h.Stores.Actors.GetAsync(Fixtures.DbId))!.Owner);
        var start = _h.ExpectStartWorker();
        Assert.Equal("abaco/test-busybox", start.Image);
        var record = await _h.Stores.Workers.GetAsync(Fixtures.DbId, start.WorkerId.Value);
        Assert.Equal(WorkerStatus.Requested, record!.Status);
    }

    [Fact(DisplayName = "A message is accepted after it is stored, handed to the ready worker, and ends COMPLETE")]
    public async Task Message_runs_on_ready_worker()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        await _h.EventuallyAsync(async () => (await _h.Stores.Actors.GetAsync(Fixtures.DbId))?.Status == ActorStatus.Ready ? "" : null, "actor READY");

        _h.Send(entity, "e1");
        Assert.Equal(ExecutionStatus.Submitted, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
        var run = worker.ExpectMsg<RunExecution>(Wait);
        Assert.Equal("e1", run.Message.ExecutionId);
        Assert.Equal(1, run.Message.ActorRevision);

        entity.Tell(new ExecutionStarted(Fixtures.Key, start.WorkerId, new ExecutionId("e1"), DateTime.UtcNow, "cid"), worker.Ref);
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Running);
        EntityHarness.Finish(entity, worker, start, "e1", exitCode: 3);
        var done = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal(3, done.ExitCode);
        Assert.Equal(start.WorkerId.Value, done.WorkerId);
        Assert.Equal(0, _h.Count(entity));
    }

    [Fact(DisplayName = "Messages sent before any worker is ready wait, then run one at a time in arrival order")]
    public void Messages_wait_and_run_in_order()
    {
        var entity = _h.Entity();
        _h.Register(entity);
        var start = _h.ExpectStartWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        _h.Send(entity, "e3");
        Assert.Equal(3, _h.Count(entity));
        _h.Spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // one worker is enough: no second request

        var worker = CreateTestProbe();
        EntityHarness.Report(entity, worker, start, WorkerStatus.Ready);
        foreach (var id in new[] { "e1", "e2", "e3" })
        {
            Assert.Equal(id, worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
            worker.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
            EntityHarness.Finish(entity, worker, start, id);
        }
    }

    [Fact(DisplayName = "For a warm actor the entity times its share of handing a worker its next execution")]
    public void Warm_hand_over_is_timed()
    {
        var handovers = AbacoMetrics.WarmExecutionSteps.WithLabels("entity_handover");
        var (entity, start, worker) = _h.WithReadyWorker(definition: ActorDefinition.ForImage("abaco/test-busybox") with
        {
            Hints = ["warm"],
        });
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);
        var before = handovers.Count;

        EntityHarness.Finish(entity, worker, start, "e1");

        Assert.Equal("e2", worker.FishForMessage<RunExecution>(_ => true, Wait).Message.ExecutionId);
        Assert.True(handovers.Count > before); // other specs may time theirs too, never fewer
    }

    [Fact(DisplayName = "A worker that dies while running leaves its execution ERROR with a reason, and a new worker is requested")]
    public async Task Worker_death_fails_its_execution()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        Sys.Stop(worker.Ref);

        var failed = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Contains("stopped before it finished", failed.StatusMessage);
        var replacement = _h.ExpectStartWorker();
        Assert.NotEqual(start.WorkerId, replacement.WorkerId);
        var second = CreateTestProbe();
        EntityHarness.Report(entity, second, replacement, WorkerStatus.Ready);
        Assert.Equal("e2", second.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    [Fact(DisplayName = "After a restart, executions no worker claims are ERROR 'interrupted' and queued ones run on a new worker")]
    public async Task Recovery_without_workers()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        _h.Send(entity, "e3");
        _h.Send(entity, "e4");
        worker.ExpectMsg<RunExecution>(Wait);
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));

        var interrupted = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Contains("interrupted", interrupted.StatusMessage);
        var fresh = _h.ExpectStartWorker();
        var next = CreateTestProbe();
        EntityHarness.Report(revived, next, fresh, WorkerStatus.Ready);
        foreach (var id in new[] { "e2", "e3", "e4" })
        {
            Assert.Equal(id, next.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
            EntityHarness.Finish(revived, next, fresh, id);
        }
        await _h.ExecutionEventuallyAsync("e4", ExecutionStatus.Complete);
    }

    [Fact(DisplayName = "After a restart, a surviving worker claims its execution, which then completes normally")]
    public async Task Recovery_with_surviving_worker()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1");

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Report(revived, worker, start, WorkerStatus.Busy, running: "e1");

        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(800)); // the reconcile window passes
        EntityHarness.Finish(revived, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        _h.Spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact(DisplayName = "After a restart, an idle worker's repeated finish report (the first was lost) completes the execution instead of 'interrupted'")]
    public async Task Recovery_with_a_repeated_finish_report()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1"); // the entity is gone before the worker's report arrives

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Finish(revived, worker, start, "e1");
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);

        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(800)); // the reconcile window passes
        var execution = await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal("", execution.StatusMessage);
        _h.Send(revived, "e2");
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId); // the worker was adopted, idle
    }

    [Fact(DisplayName = "After a restart, the next message handed to the worker that repeated its finish report runs to COMPLETE, not 'interrupted' when reconciliation ends")]
    public async Task Dispatch_while_reconciling_outlives_the_window()
    {
        var (start, worker) = _h.WorkerOutlivingItsEntity("e1", queued: "e2");

        var revived = _h.Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        EntityHarness.Finish(revived, worker, start, "e1");
        EntityHarness.Report(revived, worker, start, WorkerStatus.Ready);
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);

        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(800)); // the reconcile window passes
        EntityHarness.Finish(revived, worker, start, "e2");
        await _h.ExecutionEventuallyAsync("e2", ExecutionStatus.Complete);
    }

    [Fact(DisplayName = "A repeated finish report of a settled execution does not free a worker busy with the next one")]
    public async Task Stale_finish_report_is_ignored()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        EntityHarness.Finish(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        _h.Send(entity, "e2");
        Assert.Equal("e2", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        _h.Send(entity, "e3");

        EntityHarness.Finish(entity, worker, start, "e1"); // repeated
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // e3 waits for e2 to end
        EntityHarness.Finish(entity, worker, start, "e2");
        Assert.Equal("e3", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    [Fact(DisplayName = "A worker that cannot get the image puts the actor in ERROR with the reason; messages stay queued")]
    public async Task Image_failure_errors_the_actor()
    {
        var entity = _h.Entity();
        _h.Register(entity, ActorDefinition.ForImage("abaco/missing"));
        var start = _h.ExpectStartWorker();
        _h.Send(entity, "e1");
        var failing = CreateTestProbe();
        entity.Tell(new WorkerFailed(Fixtures.Key, start.WorkerId, "Image 'abaco/missing' was not found"), failing.Ref);
        failing.ExpectMsg<StopWorker>(Wait);

        var actor = await _h.EventuallyAsync(async () =>
            (await _h.Stores.Actors.GetAsync(Fixtures.DbId)) is { Status: ActorStatus.Error } a ? a : null, "actor ERROR");
        Assert.Equal("Image 'abaco/missing' was not found", actor.StatusMessage);
        Assert.Equal(1, _h.Count(entity));
        Assert.Empty(await _h.Stores.Workers.ListAsync(Fixtures.DbId));
        _h.Send(entity, "e2");
        _h.Spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // no worker for an actor in ERROR
    }

    [Fact(DisplayName = "Containers that keep failing to start error their executions, then put the actor in ERROR")]
    public async Task Repeated_start_failures()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        _h.Send(entity, "e3");

        foreach (var id in new[] { "e1", "e2" })
        {
            worker.ExpectMsg<RunExecution>(Wait);
            entity.Tell(new ExecutionFailedToStart(Fixtures.Key, start.WorkerId, new ExecutionId(id), "bad user"), worker.Ref);
            Assert.Contains("bad user", (await _h.ExecutionEventuallyAsync(id, ExecutionStatus.Error)).StatusMessage);
        }

        var actor = await _h.EventuallyAsync(async () =>
            (await _h.Stores.Actors.GetAsync(Fixtures.DbId)) is { Status: ActorStatus.Error } a ? a : null, "actor ERROR");
        Assert.Equal("Error executing container: bad user", actor.StatusMessage);
        worker.ExpectMsg<StopWorker>(Wait);
    }

    [Fact(DisplayName = "Deleting halts the workers, errors queued executions, removes the records, then answers")]
    public async Task Delete_halts_and_cleans_up()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        await _h.Stores.Clients.AddAsync(Fixtures.Client(start.WorkerId.Value));
        await _h.Stores.Clients.AddAsync(Fixtures.Client("gone-worker"));
        var otherActors = WorkerClientRecord.New("TEST", "another-actor", "w1", "owner", DateTime.UtcNow);
        await _h.Stores.Clients.AddAsync(otherActors);
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        var deleter = CreateTestProbe();
        entity.Tell(new DeleteActor(Fixtures.Key), deleter.Ref);
        Assert.True(worker.ExpectMsg<StopWorker>(Wait).Halt);
        EntityHarness.Finish(entity, worker, start, "e1", exitCode: 137);
        worker.ExpectMsg<StopWorker>(Wait); // now it may go
        Sys.Stop(worker.Ref);

        Assert.Equal("Actor deleted successfully.", deleter.ExpectMsg<AbacoResult>(Wait).Message);
        Assert.Null(await _h.Stores.Actors.GetAsync(Fixtures.DbId));
        Assert.Empty(await _h.Stores.Workers.ListAsync(Fixtures.DbId));
        Assert.Empty(await _h.Stores.Clients.ListForActorAsync(Fixtures.DbId));
        Assert.NotNull(await _h.Stores.Clients.GetAsync(otherActors.ActorDbId, "w1"));
        Assert.Equal(ExecutionStatus.Complete, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
        var queued = await _h.ExecutionEventuallyAsync("e2", ExecutionStatus.Error);
        Assert.Contains("deleted", queued.StatusMessage);
        var gone = _h.ExpectReply<AbacoResult>(entity, new SendMessage(Fixtures.Key, Fixtures.Message("e3")));
        Assert.Equal(AbacoResultCode.NotFound, gone.Code);
    }

    [Fact(DisplayName = "A new image bumps the revision, stops the old worker and requests one of the new revision")]
    public void Image_update_replaces_workers()
    {
        var (entity, start, worker) = _h.WithReadyWorker();

        var reply = _h.ExpectReply<ActorReply>(entity, new UpdateActor(Fixtures.Key, ActorDefinition.ForImage("abaco/test-exit"), false));

        Assert.Equal(2, reply.Actor!.Revision);
        Assert.Equal(ActorStatus.Submitted, reply.Actor.Status);
        worker.ExpectMsg<StopWorker>(Wait);
        var fresh = _h.ExpectStartWorker();
        Assert.Equal(2, fresh.Revision);
        Assert.Equal("abaco/test-exit", fresh.Image);
    }

    [Fact(DisplayName = "The owner's roles are kept from registration, replaced by the owner's update, kept by another's, and stored")]
    public async Task Owner_roles()
    {
        var entity = _h.Entity();
        var definition = ActorDefinition.ForImage("abaco/test-busybox");
        var registered = _h.ExpectReply<ActorReply>(entity,
            new RegisterActor(Fixtures.Key, definition, "owner", "http://api") { OwnerRoles = ["Internal/abaco-user"] });
        Assert.Equal(["Internal/abaco-user"], registered.Actor!.OwnerRoles.ToArray());

        var byOther = _h.ExpectReply<ActorReply>(entity, new UpdateActor(Fixtures.Key, definition with { Description = "a" }, false));
        Assert.Equal(["Internal/abaco-user"], byOther.Actor!.OwnerRoles.ToArray());

        var byOwner = _h.ExpectReply<ActorReply>(entity, new UpdateActor(Fixtures.Key, definition with { Description = "b" }, false)
        {
            OwnerRoles = ["Internal/abaco-user", "Internal/abaco-privileged"],
        });
        Assert.Equal(["Internal/abaco-user", "Internal/abaco-privileged"], byOwner.Actor!.OwnerRoles.ToArray());
        Assert.Equal(byOwner.Actor.OwnerRoles.ToArray(), (await _h.Stores.Actors.GetAsync(Fixtures.DbId))!.OwnerRoles.ToArray());
    }

    [Fact(DisplayName = "Once the queue drains, journalled events are compacted into the snapshot and a restart still recovers the actor")]
    public void Compacted_journal_recovers()
    {
        var (entity, start, worker) = _h.WithReadyWorker();
        foreach (var id in new[] { "e1", "e2", "e3" })
        {
            _h.Send(entity, id);
            worker.ExpectMsg<RunExecution>(Wait);
            EntityHarness.Finish(entity, worker, start, id);
        }
        Assert.Equal(0, _h.Count(entity));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var revived = _h.Entity();
        _h.Send(revived, "e4");
        Assert.Equal(1, _h.Count(revived));
        var fresh = _h.ExpectStartWorker();
        Assert.Equal(1, fresh.Revision);
        Assert.Equal("abaco/test-busybox", fresh.Image);
    }

    [Fact(DisplayName = "A COMPLETE record the store refuses is written again until it lands, so the execution never stays RUNNING")]
    public async Task Refused_final_write_is_retried()
    {
        var refusing = new RefusingStores(_h.Stores, finishedWritesToRefuse: 2);
        var (entity, start, worker) = _h.WithReadyWorker(refusing);
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        entity.Tell(new ExecutionStarted(Fixtures.Key, start.WorkerId, new ExecutionId("e1"), DateTime.UtcNow, "cid"), worker.Ref);
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Running);

        EntityHarness.Finish(entity, worker, start, "e1");

        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal(3, refusing.FinishedWrites); // two refused, then the one that landed
    }

    /// <summary>Stores whose execution store refuses the first few writes of finished records, as a database outage would.</summary>
    private sealed class RefusingStores(IAbacoStores inner, int finishedWritesToRefuse) : DelegatingStores(inner), IExecutionStore
    {
        private readonly IExecutionStore _executions = inner.Executions;
        private int _finishedWrites;
        public int FinishedWrites => Volatile.Read(ref _finishedWrites);

        public Task UpsertAsync(ExecutionRecord execution, CancellationToken ct = default) =>
            ExecutionStatus.IsFinal(execution.Status) && Interlocked.Increment(ref _finishedWrites) <= finishedWritesToRefuse
                ? Task.FromException(new IOException("the database is down"))
                : _executions.UpsertAsync(execution, ct);

        public Task<ExecutionRecord?> GetAsync(string actorDbId, string executionId, CancellationToken ct = default) =>
            _executions.GetAsync(actorDbId, executionId, ct);
        public Task<IReadOnlyList<ExecutionRecord>> ListAsync(string actorDbId, CancellationToken ct = default) =>
            _executions.ListAsync(actorDbId, ct);
        public Task<IReadOnlyList<ExecutionRecord>> ListByTenantAsync(string? tenant, CancellationToken ct = default) =>
            _executions.ListByTenantAsync(tenant, ct);
        public Task<StorePage<ExecutionRecord>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
            CancellationToken ct = default) => _executions.FindAsync(query, after, skip, limit, ct);
        public Task<int> CountAsync(StoreQuery query, CancellationToken ct = default) => _executions.CountAsync(query, ct);
        public Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct = default) =>
            _executions.CountByStatusAsync(ct);
        public Task<IReadOnlyDictionary<string, int>> CountSubmittedByActorAsync(CancellationToken ct = default) =>
            _executions.CountSubmittedByActorAsync(ct);

        public override IExecutionStore Executions => this;
    }
}
