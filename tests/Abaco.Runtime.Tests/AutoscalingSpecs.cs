using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Protocol;
using Abaco.Runtime.Actors;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// original-abaco.md §3.7 (autoscaling), §3.14 (worker TTL, stuck workers) and §3.21 (stateful actors) as the entity
/// decides them; the spawner and the workers are probes.
/// </summary>
public sealed class AutoscalingSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(400);

    private static readonly ActorEntity.Timings FastTimings = ActorEntity.Timings.Default with
    {
        IdleGrace = Grace,
        StuckShutdown = TimeSpan.FromMilliseconds(500),
    };

    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-autoscaling-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;
    private readonly TestProbe _spawner;

    public AutoscalingSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _stores = new SqliteStores(_dbFile);
        _spawner = Fixtures.SpawnerProbe(this);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    private static AbacoSettings With(Func<WorkerSettings, WorkerSettings>? workers = null,
        Func<SpawnerSettings, SpawnerSettings>? spawner = null) => Fixtures.Settings with
    {
        Workers = (workers ?? (w => w))(Fixtures.Settings.Workers),
        Spawner = (spawner ?? (s => s))(Fixtures.Settings.Spawner),
    };

    private IActorRef Entity(AbacoSettings settings, ActorEntity.Timings? timings = null) =>
        Sys.ActorOf(ActorEntity.Props(Fixtures.DbId, settings, _stores, TimeProvider.System, timings ?? FastTimings));

    private void Register(IActorRef entity, ActorDefinition definition)
    {
        var reply = ExpectReply<ActorReply>(entity, new RegisterActor(Fixtures.Key, definition, "owner", "http://api"));
        Assert.True(reply.Result.IsOk, reply.Result.Message);
    }

    private static ActorDefinition Stateless(int? maxWorkers = null, params string[] hints) =>
        ActorDefinition.ForImage("abaco/test-busybox") with { MaxWorkers = maxWorkers, Hints = [.. hints] };

    private static ActorDefinition Stateful() => ActorDefinition.ForImage("abaco/test-busybox") with { Stateless = false };

    private T ExpectReply<T>(IActorRef entity, object command)
    {
        var asker = CreateTestProbe();
        entity.Tell(command, asker.Ref);
        return asker.ExpectMsg<T>(Wait);
    }

    private void Send(IActorRef entity, string executionId) =>
        ExpectReply<MessageAccepted>(entity, new SendMessage(Fixtures.Key, Fixtures.Message(executionId)));

    private List<StartWorker> StartsWithin(TimeSpan quiet)
    {
        var starts = new List<StartWorker>();
        while (_spawner.TryReceiveOne(out var message, quiet))
            if (message.Message is StartWorker start) starts.Add(start);
        return starts;
    }

    private static void Report(IActorRef entity, TestProbe worker, StartWorker start, string status) =>
        entity.Tell(new WorkerStatusReport(Fixtures.Key, start.WorkerId, status, start.Revision, null, "h",
            "127.0.0.1", "unix:///var/run/docker.sock"), worker.Ref);

    private static void Finish(IActorRef entity, TestProbe worker, StartWorker start, string executionId) =>
        EntityHarness.Finish(entity, worker, start, executionId);

    /// <summary>Starts a probe as the worker of <paramref name="start"/>, runs the message it is given and finishes it.</summary>
    private TestProbe RunOne(IActorRef entity, StartWorker start)
    {
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        var run = worker.ExpectMsg<RunExecution>(Wait);
        Finish(entity, worker, start, run.Message.ExecutionId);
        return worker;
    }

    private async Task WorkersEventuallyAsync(int count, string what) =>
        await AwaitConditionAsync(async () => (await _stores.Workers.ListAsync(Fixtures.DbId)).Count == count, Wait,
            message: what);

    [Fact(DisplayName = "A burst of 5 messages to an actor with max_workers 3 requests 3 workers, no more")]
    public void Scale_up_is_capped_by_max_workers()
    {
        var entity = Entity(With());
        Register(entity, Stateless(maxWorkers: 3));
        for (var i = 1; i <= 5; i++) Send(entity, $"e{i}");

        var starts = StartsWithin(TimeSpan.FromMilliseconds(500));

        Assert.Equal(3, starts.Count);
        Assert.Equal(3, starts.Select(s => s.WorkerId).Distinct().Count());
    }

    [Fact(DisplayName = "Without max_workers, spawner.max_workers_per_actor caps the workers")]
    public void Scale_up_is_capped_by_max_workers_per_actor()
    {
        var entity = Entity(With(spawner: s => s with { MaxWorkersPerActor = 2 }));
        Register(entity, Stateless());
        for (var i = 1; i <= 5; i++) Send(entity, $"e{i}");

        Assert.Equal(2, StartsWithin(TimeSpan.FromMilliseconds(500)).Count);
    }

    [Fact(DisplayName = "Messages that idle or starting workers will take request no worker")]
    public void No_scale_up_while_workers_suffice()
    {
        var entity = Entity(With(w => w with { InitCount = 2 }));
        Register(entity, Stateless(maxWorkers: 5));
        Assert.Equal(2, StartsWithin(TimeSpan.FromMilliseconds(300)).Count);

        Send(entity, "e1");
        Send(entity, "e2");
        Assert.Empty(StartsWithin(TimeSpan.FromMilliseconds(300)));
        Send(entity, "e3");
        Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact(DisplayName = "A stateful actor never gets more than one worker, and its idle worker is not scaled down")]
    public void Stateful_actor_keeps_one_worker()
    {
        var entity = Entity(With());
        Register(entity, Stateful());
        for (var i = 1; i <= 5; i++) Send(entity, $"e{i}");

        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(500)));
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        for (var i = 1; i <= 5; i++)
        {
            var run = worker.ExpectMsg<RunExecution>(Wait);
            Finish(entity, worker, start, run.Message.ExecutionId);
        }
        worker.ExpectNoMsg(Grace * 3);
    }

    [Fact(DisplayName = "Workers run the burst in parallel, then each idle one is stopped after the grace: zero workers")]
    public async Task Scale_down_to_zero_when_idle()
    {
        var entity = Entity(With(w => w with { InitCount = 0 }));
        Register(entity, Stateless(maxWorkers: 2));
        Send(entity, "e1");
        Send(entity, "e2");
        var starts = StartsWithin(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, starts.Count);

        var workers = starts.Select(_ => CreateTestProbe()).ToList();
        for (var i = 0; i < 2; i++) Report(entity, workers[i], starts[i], WorkerStatus.Ready);
        var runs = workers.Select(w => w.ExpectMsg<RunExecution>(Wait)).ToList();
        Assert.Equal(["e1", "e2"], runs.Select(r => r.Message.ExecutionId).Order());
        for (var i = 0; i < 2; i++) Finish(entity, workers[i], starts[i], runs[i].Message.ExecutionId);

        foreach (var worker in workers)
        {
            var stop = worker.ExpectMsg<StopWorker>(Wait);
            Assert.False(stop.Halt);
            Sys.Stop(worker.Ref);
        }
        await WorkersEventuallyAsync(0, "every worker to be gone");
        foreach (var id in new[] { "e1", "e2" })
            Assert.Equal(ExecutionStatus.Complete, (await _stores.Executions.GetAsync(Fixtures.DbId, id))!.Status);
        Assert.Empty(StartsWithin(TimeSpan.FromMilliseconds(200)));
    }

    [Fact(DisplayName = "A worker asked for at registration is kept until it has run something")]
    public void Init_count_worker_is_kept_until_used()
    {
        var entity = Entity(With());
        Register(entity, Stateless());
        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(300)));
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        worker.ExpectNoMsg(Grace * 3);

        Send(entity, "e1");
        var run = worker.ExpectMsg<RunExecution>(Wait);
        Finish(entity, worker, start, run.Message.ExecutionId);
        worker.ExpectMsg<StopWorker>(Wait);
    }

    [Fact(DisplayName = "An actor with the sync hint keeps its most recently active worker warm; the others go")]
    public void Sync_hint_keeps_one_worker()
    {
        var entity = Entity(With(w => w with { InitCount = 0 }));
        Register(entity, Stateless(2, "sync"));
        Send(entity, "e1");
        Send(entity, "e2");
        var starts = StartsWithin(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, starts.Count);
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        Report(entity, first, starts[0], WorkerStatus.Ready);
        Report(entity, second, starts[1], WorkerStatus.Ready);
        var run1 = first.ExpectMsg<RunExecution>(Wait);
        var run2 = second.ExpectMsg<RunExecution>(Wait);

        // While the second is busy, the first is not the one kept warm.
        Finish(entity, first, starts[0], run1.Message.ExecutionId);
        first.ExpectMsg<StopWorker>(Wait);
        Sys.Stop(first.Ref);
        Finish(entity, second, starts[1], run2.Message.ExecutionId);

        second.ExpectNoMsg(Grace * 4);
    }

    [Fact(DisplayName = "A sync actor's warm worker goes too once idle longer than workers.sync_max_idle_time")]
    public void Sync_hint_keeps_the_worker_only_for_sync_max_idle_time()
    {
        var entity = Entity(With(w => w with { InitCount = 0, SyncMaxIdleTime = 1 }));
        Register(entity, Stateless(1, "sync"));
        Send(entity, "e1");
        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(300)));
        // Started before the execution finishes, so it times at least the worker's idle time, however slow the run.
        var sinceBeforeIdle = System.Diagnostics.Stopwatch.StartNew();
        var worker = RunOne(entity, start);

        worker.ExpectMsg<StopWorker>(Wait);
        Assert.True(sinceBeforeIdle.Elapsed >= TimeSpan.FromSeconds(1),
            $"the warm worker was stopped after {sinceBeforeIdle.Elapsed}, before sync_max_idle_time (1 s)");
    }

    [Fact(DisplayName = "With workers.autoscaling off: one worker for a burst, never scaled down")]
    public void Autoscaling_off_keeps_ensure_one()
    {
        var entity = Entity(With(w => w with { Autoscaling = false, InitCount = 0 }));
        Register(entity, Stateless(maxWorkers: 3));
        for (var i = 1; i <= 5; i++) Send(entity, $"e{i}");

        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(500)));
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        for (var i = 1; i <= 5; i++)
        {
            var run = worker.ExpectMsg<RunExecution>(Wait);
            Finish(entity, worker, start, run.Message.ExecutionId);
        }
        worker.ExpectNoMsg(Grace * 3);
    }

    [Fact(DisplayName = "workers.worker_ttl stops a worker idle that long, even a stateful actor's, but not a busy one")]
    public void Worker_ttl_stops_idle_worker()
    {
        var entity = Entity(With(w => w with { Autoscaling = false, WorkerTtl = 1 }));
        Register(entity, Stateful());
        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(300)));
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        Send(entity, "e1");
        var run = worker.ExpectMsg<RunExecution>(Wait);
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(1500)); // busy: the TTL does not apply

        var idle = System.Diagnostics.Stopwatch.StartNew();
        Finish(entity, worker, start, run.Message.ExecutionId);

        var stop = worker.ExpectMsg<StopWorker>(Wait);
        Assert.True(idle.Elapsed >= TimeSpan.FromMilliseconds(950), $"stopped after {idle.Elapsed}, before the TTL");
        Assert.False(stop.Halt);
        Assert.Contains("worker_ttl", stop.Reason);
    }

    [Fact(DisplayName = "A worker asked to stop that never goes away is forgotten after the bound")]
    public async Task Stuck_worker_is_forgotten()
    {
        var entity = Entity(With(w => w with { Autoscaling = false }));
        Register(entity, Stateless());
        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(300)));
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        await WorkersEventuallyAsync(1, "the worker to be stored");

        ExpectReply<AbacoResult>(entity, new StopWorkerRequest(Fixtures.Key, start.WorkerId));
        worker.ExpectMsg<StopWorker>(Wait);

        await WorkersEventuallyAsync(0, "the stuck worker to be forgotten");
    }

    [Fact(DisplayName = "A start request a live spawner holds back keeps waiting: the actor is not put in ERROR")]
    public async Task Waiting_start_request_does_not_error_the_actor()
    {
        var timings = FastTimings with
        {
            WorkerStart = TimeSpan.FromMilliseconds(300),
            SpawnerProbe = TimeSpan.FromMilliseconds(300),
        };
        var entity = Entity(With(), timings);
        Register(entity, Stateless());
        var start = Assert.Single(StartsWithin(TimeSpan.FromMilliseconds(200)));

        // The spawner (a live actor: it answers Identify) never starts the worker within several timeouts.
        await Task.Delay(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(ActorStatus.Submitted, (await _stores.Actors.GetAsync(Fixtures.DbId))!.Status);
        Assert.Equal(WorkerStatus.Requested, (await _stores.Workers.GetAsync(Fixtures.DbId, start.WorkerId.Value))!.Status);
        var worker = CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        await AwaitConditionAsync(async () => (await _stores.Actors.GetAsync(Fixtures.DbId))!.Status == ActorStatus.Ready,
            Wait, message: "the actor to become READY");
    }

    [Fact(DisplayName = "A start request no spawner of the queue answers puts the new actor in ERROR")]
    public async Task Start_request_without_spawner_errors_the_actor()
    {
        var timings = FastTimings with
        {
            WorkerStart = TimeSpan.FromMilliseconds(300),
            SpawnerProbe = TimeSpan.FromMilliseconds(300),
        };
        var entity = Entity(With(), timings);
        Register(entity, Stateless() with { Queue = "nobody-serves-this" });

        await AwaitConditionAsync(async () => (await _stores.Actors.GetAsync(Fixtures.DbId))!.Status == ActorStatus.Error,
            Wait, message: "the actor to be ERROR");
        Assert.Empty(await _stores.Workers.ListAsync(Fixtures.DbId));
    }
}
