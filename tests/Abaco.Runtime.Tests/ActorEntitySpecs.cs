using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Workers;
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
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-entity-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;
    private readonly TestProbe _spawner;
    private readonly Abaco.Core.Settings.AbacoSettings _settings = Fixtures.Settings with
    {
        // These specs drive one worker by hand: the autoscaler (AutoscalingSpecs) would ask for more.
        Workers = Fixtures.Settings.Workers with { MaxConsecutiveErrors = 2, Autoscaling = false },
    };

    public ActorEntitySpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        ActorEntity.ReconcileWindow = TimeSpan.FromMilliseconds(500);
        ActorEntity.RewriteDelay = TimeSpan.FromMilliseconds(200);
        _stores = new SqliteStores(_dbFile);
        _spawner = Fixtures.SpawnerProbe(this);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    private IActorRef Entity(IAbacoStores? stores = null) =>
        Sys.ActorOf(ActorEntity.Props(Fixtures.DbId, _settings, stores ?? _stores, TimeProvider.System));

    private ActorRecord Register(IActorRef entity, string image = "abaco/test-busybox")
    {
        var reply = ExpectReply<ActorReply>(entity, new RegisterActor(Fixtures.Key, ActorDefinition.ForImage(image), "owner", "http://api"));
        Assert.True(reply.Result.IsOk, reply.Result.Message);
        return reply.Actor!;
    }

    private StartWorker ExpectStartWorker() => _spawner.ExpectMsg<StartWorker>(Wait);

    /// <summary>A registered actor whose first worker has reported READY.</summary>
    private (IActorRef Entity, StartWorker Start, TestProbe Worker) WithReadyWorker(IAbacoStores? stores = null)
    {
        var entity = Entity(stores);
        Register(entity);
        var start = ExpectStartWorker();
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        return (entity, start, worker);
    }

    private static void Report(IActorRef entity, TestProbe worker, StartWorker start, string status, string? running = null) =>
        entity.Tell(new WorkerStatusReport(Fixtures.Key, start.WorkerId, status, start.Revision, running is null ? null : new ExecutionId(running), "h", "127.0.0.1",
            "unix:///var/run/docker.sock"), worker.Ref);

    private string Send(IActorRef entity, string executionId)
    {
        return ExpectReply<MessageAccepted>(entity, new SendMessage(Fixtures.Key, Fixtures.Message(executionId))).ExecutionId.Value;
    }

    /// <summary>Tells from a fresh probe and waits for its reply (no blocking on tasks in tests).</summary>
    private T ExpectReply<T>(IActorRef entity, object command)
    {
        var asker = CreateTestProbe();
        entity.Tell(command, asker.Ref);
        return asker.ExpectMsg<T>(Wait);
    }

    private int Count(IActorRef entity) => ExpectReply<MessageCount>(entity, new GetMessageCount(Fixtures.Key)).Count;

    private static void Finish(IActorRef entity, TestProbe worker, StartWorker start, string executionId, long exitCode = 0) =>
        entity.Tell(new ExecutionFinished(Fixtures.Key, start.WorkerId, new ExecutionId(executionId), DateTime.UtcNow, DateTime.UtcNow, 1, 5, 0,
            exitCode, null, false), worker.Ref);

    private Task<ExecutionRecord> ExecutionEventuallyAsync(string executionId, string status) =>
        EventuallyAsync(async () => await _stores.Executions.GetAsync(Fixtures.DbId, executionId) is { } e && e.Status == status ? e : null,
            $"execution {executionId} to be {status}");

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        T? value = null;
        await AwaitConditionAsync(async () => (value = await probe()) is not null, Wait, message: what);
        return value!;
    }

    [Fact(DisplayName = "Registering persists and stores the actor, SUBMITTED at revision 1, and asks the spawner for a worker")]
    public async Task Register_requests_a_worker()
    {
        var entity = Entity();
        var actor = Register(entity);

        Assert.Equal(ActorStatus.Submitted, actor.Status);
        Assert.Equal(1, actor.Revision);
        Assert.Equal("owner", (await _stores.Actors.GetAsync(Fixtures.DbId))!.Owner);
        var start = ExpectStartWorker();
        Assert.Equal("abaco/test-busybox", start.Image);
        var record = await _stores.Workers.GetAsync(Fixtures.DbId, start.WorkerId.Value);
        Assert.Equal(WorkerStatus.Requested, record!.Status);
    }

    [Fact(DisplayName = "A message is accepted after it is stored, handed to the ready worker, and ends COMPLETE")]
    public async Task Message_runs_on_ready_worker()
    {
        var (entity, start, worker) = WithReadyWorker();
        await EventuallyAsync(async () => (await _stores.Actors.GetAsync(Fixtures.DbId))?.Status == ActorStatus.Ready ? "" : null, "actor READY");

        Send(entity, "e1");
        Assert.Equal(ExecutionStatus.Submitted, (await _stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
        var run = worker.ExpectMsg<RunExecution>(Wait);
        Assert.Equal("e1", run.Message.ExecutionId);
        Assert.Equal("1", run.Message.Environment["_abaco_actor_revision"]);

        entity.Tell(new ExecutionStarted(Fixtures.Key, start.WorkerId, new ExecutionId("e1"), DateTime.UtcNow, "cid"), worker.Ref);
        await ExecutionEventuallyAsync("e1", ExecutionStatus.Running);
        Finish(entity, worker, start, "e1", exitCode: 3);
        var done = await ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        Assert.Equal(3, done.ExitCode);
        Assert.Equal(start.WorkerId.Value, done.WorkerId);
        Assert.Equal(0, Count(entity));
    }

    [Fact(DisplayName = "Messages sent before any worker is ready wait, then run one at a time in arrival order")]
    public void Messages_wait_and_run_in_order()
    {
        var entity = Entity();
        Register(entity);
        var start = ExpectStartWorker();
        Send(entity, "e1");
        Send(entity, "e2");
        Send(entity, "e3");
        Assert.Equal(3, Count(entity));
        _spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // one worker is enough: no second request

        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        foreach (var id in new[] { "e1", "e2", "e3" })
        {
            Assert.Equal(id, worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
            worker.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
            Finish(entity, worker, start, id);
        }
    }

    [Fact(DisplayName = "A worker that dies while running leaves its execution ERROR with a reason, and a new worker is requested")]
    public async Task Worker_death_fails_its_execution()
    {
        var (entity, start, worker) = WithReadyWorker();
        Send(entity, "e1");
        Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        Sys.Stop(worker.Ref);

        var failed = await ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Contains("stopped before it finished", failed.StatusMessage);
        var replacement = ExpectStartWorker();
        Assert.NotEqual(start.WorkerId, replacement.WorkerId);
        var second = CreateTestProbe();
        Report(entity, second, replacement, WorkerStatus.Ready);
        Assert.Equal("e2", second.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    [Fact(DisplayName = "After a restart, executions no worker claims are ERROR 'interrupted' and queued ones run on a new worker")]
    public async Task Recovery_without_workers()
    {
        var (entity, start, worker) = WithReadyWorker();
        Send(entity, "e1");
        Send(entity, "e2");
        Send(entity, "e3");
        Send(entity, "e4");
        worker.ExpectMsg<RunExecution>(Wait);
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var revived = Entity();
        revived.Tell(new Wake(Fixtures.Key));

        var interrupted = await ExecutionEventuallyAsync("e1", ExecutionStatus.Error);
        Assert.Contains("interrupted", interrupted.StatusMessage);
        var fresh = ExpectStartWorker();
        var next = CreateTestProbe();
        Report(revived, next, fresh, WorkerStatus.Ready);
        foreach (var id in new[] { "e2", "e3", "e4" })
        {
            Assert.Equal(id, next.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
            Finish(revived, next, fresh, id);
        }
        await ExecutionEventuallyAsync("e4", ExecutionStatus.Complete);
    }

    [Fact(DisplayName = "After a restart, a surviving worker claims its execution, which then completes normally")]
    public async Task Recovery_with_surviving_worker()
    {
        var entity = Entity();
        Register(entity);
        var start = ExpectStartWorker();
        var worker = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(ActorEntity.WorkerTopic(Fixtures.DbId), worker.Ref), worker.Ref);
        worker.ExpectMsg<SubscribeAck>(Wait);
        Report(entity, worker, start, WorkerStatus.Ready);
        Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var revived = Entity();
        revived.Tell(new Wake(Fixtures.Key));
        worker.ExpectMsg<IdentifyWorkers>(Wait);
        Report(revived, worker, start, WorkerStatus.Busy, running: "e1");

        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(800)); // the reconcile window passes
        Finish(revived, worker, start, "e1");
        await ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        _spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact(DisplayName = "A worker that cannot get the image puts the actor in ERROR with the reason; messages stay queued")]
    public async Task Image_failure_errors_the_actor()
    {
        var entity = Entity();
        Register(entity, "abaco/missing");
        var start = ExpectStartWorker();
        Send(entity, "e1");
        var failing = CreateTestProbe();
        entity.Tell(new WorkerFailed(Fixtures.Key, start.WorkerId, "Image 'abaco/missing' was not found"), failing.Ref);
        failing.ExpectMsg<StopWorker>(Wait);

        var actor = await EventuallyAsync(async () =>
            (await _stores.Actors.GetAsync(Fixtures.DbId)) is { Status: ActorStatus.Error } a ? a : null, "actor ERROR");
        Assert.Equal("Image 'abaco/missing' was not found", actor.StatusMessage);
        Assert.Equal(1, Count(entity));
        Assert.Empty(await _stores.Workers.ListAsync(Fixtures.DbId));
        Send(entity, "e2");
        _spawner.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // no worker for an actor in ERROR
    }

    [Fact(DisplayName = "Containers that keep failing to start error their executions, then put the actor in ERROR")]
    public async Task Repeated_start_failures()
    {
        var (entity, start, worker) = WithReadyWorker();
        Send(entity, "e1");
        Send(entity, "e2");
        Send(entity, "e3");

        foreach (var id in new[] { "e1", "e2" })
        {
            worker.ExpectMsg<RunExecution>(Wait);
            entity.Tell(new ExecutionFailedToStart(Fixtures.Key, start.WorkerId, new ExecutionId(id), "bad user"), worker.Ref);
            Assert.Contains("bad user", (await ExecutionEventuallyAsync(id, ExecutionStatus.Error)).StatusMessage);
        }

        var actor = await EventuallyAsync(async () =>
            (await _stores.Actors.GetAsync(Fixtures.DbId)) is { Status: ActorStatus.Error } a ? a : null, "actor ERROR");
        Assert.Equal("Error executing container: bad user", actor.StatusMessage);
        worker.ExpectMsg<StopWorker>(Wait);
    }

    [Fact(DisplayName = "Deleting halts the workers, errors queued executions, removes the records, then answers")]
    public async Task Delete_halts_and_cleans_up()
    {
        var (entity, start, worker) = WithReadyWorker();
        await _stores.Clients.AddAsync(Fixtures.Client(start.WorkerId.Value));
        await _stores.Clients.AddAsync(Fixtures.Client("gone-worker"));
        var otherActors = WorkerClientRecord.New("TEST", "another-actor", "w1", "owner", DateTime.UtcNow);
        await _stores.Clients.AddAsync(otherActors);
        Send(entity, "e1");
        Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        var deleter = CreateTestProbe();
        entity.Tell(new DeleteActor(Fixtures.Key), deleter.Ref);
        Assert.True(worker.ExpectMsg<StopWorker>(Wait).Halt);
        Finish(entity, worker, start, "e1", exitCode: 137);
        worker.ExpectMsg<StopWorker>(Wait); // now it may go
        Sys.Stop(worker.Ref);

        Assert.Equal("Actor deleted successfully.", deleter.ExpectMsg<AbacoResult>(Wait).Message);
        Assert.Null(await _stores.Actors.GetAsync(Fixtures.DbId));
        Assert.Empty(await _stores.Workers.ListAsync(Fixtures.DbId));
        Assert.Empty(await _stores.Clients.ListForActorAsync(Fixtures.DbId));
        Assert.NotNull(await _stores.Clients.GetAsync(otherActors.ActorDbId, "w1"));
        Assert.Equal(ExecutionStatus.Complete, (await _stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);
        var queued = await ExecutionEventuallyAsync("e2", ExecutionStatus.Error);
        Assert.Contains("deleted", queued.StatusMessage);
        var gone = ExpectReply<AbacoResult>(entity, new SendMessage(Fixtures.Key, Fixtures.Message("e3")));
        Assert.Equal(AbacoResultCode.NotFound, gone.Code);
    }

    [Fact(DisplayName = "A new image bumps the revision, stops the old worker and requests one of the new revision")]
    public void Image_update_replaces_workers()
    {
        var (entity, start, worker) = WithReadyWorker();

        var reply = ExpectReply<ActorReply>(entity, new UpdateActor(Fixtures.Key, ActorDefinition.ForImage("abaco/test-exit"), false));

        Assert.Equal(2, reply.Actor!.Revision);
        Assert.Equal(ActorStatus.Submitted, reply.Actor.Status);
        worker.ExpectMsg<StopWorker>(Wait);
        var fresh = ExpectStartWorker();
        Assert.Equal(2, fresh.Revision);
        Assert.Equal("abaco/test-exit", fresh.Image);
    }

    [Fact(DisplayName = "The owner's roles are kept from registration, replaced by the owner's update, kept by another's, and stored")]
    public async Task Owner_roles()
    {
        var entity = Entity();
        var definition = ActorDefinition.ForImage("abaco/test-busybox");
        var registered = ExpectReply<ActorReply>(entity,
            new RegisterActor(Fixtures.Key, definition, "owner", "http://api") { OwnerRoles = ["Internal/abaco-user"] });
        Assert.Equal(["Internal/abaco-user"], registered.Actor!.OwnerRoles.ToArray());

        var byOther = ExpectReply<ActorReply>(entity, new UpdateActor(Fixtures.Key, definition with { Description = "a" }, false));
        Assert.Equal(["Internal/abaco-user"], byOther.Actor!.OwnerRoles.ToArray());

        var byOwner = ExpectReply<ActorReply>(entity, new UpdateActor(Fixtures.Key, definition with { Description = "b" }, false)
        {
            OwnerRoles = ["Internal/abaco-user", "Internal/abaco-privileged"],
        });
        Assert.Equal(["Internal/abaco-user", "Internal/abaco-privileged"], byOwner.Actor!.OwnerRoles.ToArray());
        Assert.Equal(byOwner.Actor.OwnerRoles.ToArray(), (await _stores.Actors.GetAsync(Fixtures.DbId))!.OwnerRoles.ToArray());
    }

    [Fact(DisplayName = "Once the queue drains, journalled events are compacted into the snapshot and a restart still recovers the actor")]
    public void Compacted_journal_recovers()
    {
        var (entity, start, worker) = WithReadyWorker();
        foreach (var id in new[] { "e1", "e2", "e3" })
        {
            Send(entity, id);
            worker.ExpectMsg<RunExecution>(Wait);
            Finish(entity, worker, start, id);
        }
        Assert.Equal(0, Count(entity));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var revived = Entity();
        Send(revived, "e4");
        Assert.Equal(1, Count(revived));
        var fresh = ExpectStartWorker();
        Assert.Equal(1, fresh.Revision);
        Assert.Equal("abaco/test-busybox", fresh.Image);
    }

    [Fact(DisplayName = "A COMPLETE record the store refuses is written again until it lands, so the execution never stays RUNNING")]
    public async Task Refused_final_write_is_retried()
    {
        var refusing = new RefusingStores(_stores, finishedWritesToRefuse: 2);
        var (entity, start, worker) = WithReadyWorker(refusing);
        Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        entity.Tell(new ExecutionStarted(Fixtures.Key, start.WorkerId, new ExecutionId("e1"), DateTime.UtcNow, "cid"), worker.Ref);
        await ExecutionEventuallyAsync("e1", ExecutionStatus.Running);

        Finish(entity, worker, start, "e1");

        await ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
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
