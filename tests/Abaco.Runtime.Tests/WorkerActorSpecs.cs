using Abaco.Containers;
using Abaco.Core.Ids;
using Abaco.Core.Workers;
using Abaco.Runtime.Workers;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>The worker state machine against a scripted container runtime; the entity is a probe.</summary>
public sealed class WorkerActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly ScriptedContainerRuntime _runtime = new();
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-worker-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;

    public WorkerActorSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _stores = new SqliteStores(_dbFile);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    private IActorRef StartWorker(Akka.TestKit.TestProbe entity, string workerId = "w1",
        WorkerTimings? timings = null) =>
        Sys.ActorOf(WorkerActor.Props(new StartWorker(Fixtures.Key, new WorkerId(workerId), "abaco/test-busybox", 1),
            Fixtures.Services(_runtime, _stores), entity.Ref, timings ?? WorkerTimings.Default));

    private static void ExpectStatus(Akka.TestKit.TestProbe entity, string status) =>
        Assert.Equal(status, entity.ExpectMsg<WorkerStatusReport>(TimeSpan.FromSeconds(10)).Status);

    private IActorRef ReadyWorker(Akka.TestKit.TestProbe entity, WorkerTimings? timings = null)
    {
        var worker = StartWorker(entity, timings: timings);
        ExpectStatus(entity, WorkerStatus.SpawnerSetup);
        ExpectStatus(entity, WorkerStatus.PullingImage);
        _runtime.Image.SetResult();
        ExpectStatus(entity, WorkerStatus.CreatingContainer);
        ExpectStatus(entity, WorkerStatus.Ready);
        return worker;
    }

    /// <summary>A watched worker running execution e1, its container being waited on.</summary>
    private async Task<(Akka.TestKit.TestProbe Entity, IActorRef Worker)> BusyWorkerAsync(WorkerTimings? timings = null)
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity, timings);
        Watch(worker);
        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e1")), entity.Ref);
        entity.ExpectMsg<ExecutionStarted>();
        await AwaitConditionAsync(() => Task.FromResult(!_runtime.Waiting.IsEmpty));
        return (entity, worker);
    }

    [Fact(DisplayName = "A worker reports SPAWNER SETUP, PULLING IMAGE, CREATING CONTAINER, then READY once the image is there")]
    public async Task Reports_statuses_in_order()
    {
        var entity = CreateTestProbe();
        ReadyWorker(entity);
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact(DisplayName = "A worker whose image cannot be had reports WorkerFailed with the reason and stops when told")]
    public void Image_failure_stops_the_worker()
    {
        var entity = CreateTestProbe();
        var worker = StartWorker(entity);
        Watch(worker);
        ExpectStatus(entity, WorkerStatus.SpawnerSetup);
        ExpectStatus(entity, WorkerStatus.PullingImage);
        _runtime.Image.SetException(new ImageUnavailableException("nope", "no such image"));

        var failed = entity.ExpectMsg<WorkerFailed>();
        Assert.Equal("Image 'nope' was not found locally and could not be pulled: no such image", failed.Reason);
        // It stays until its entity has read the report (its death must not overtake it).
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        worker.Tell(new StopWorker(Halt: false, "it failed"));
        ExpectTerminated(worker);
    }

    [Fact(DisplayName = "A failed worker whose entity never answers stops on its own after a while")]
    public void Failed_worker_gives_up_waiting()
    {
        var entity = CreateTestProbe();
        var worker = StartWorker(entity, timings: WorkerTimings.Default with { FailedTimeout = TimeSpan.FromMilliseconds(300) });
        Watch(worker);
        _runtime.Image.SetException(new ImageUnavailableException("nope", "no such image"));
        entity.FishForMessage(m => m is WorkerFailed, TimeSpan.FromSeconds(10));
        ExpectTerminated(worker, TimeSpan.FromSeconds(10));
    }

    [Fact(DisplayName = "A run: ExecutionStarted, the logs stored, then ExecutionFinished with the exit code; the container is removed")]
    public async Task Runs_one_execution()
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity);

        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e1", "hi")), entity.Ref);
        var started = entity.ExpectMsg<ExecutionStarted>();
        Assert.Equal("e1", started.ExecutionId.Value);
        Assert.True(_runtime.Started.TryPeek(out var spec));
        Assert.Equal("hi", spec!.Environment["MSG"]);
        Assert.Equal("w1", spec.Environment["_abaco_worker_id"]);
        Assert.Equal("e1", spec.Labels[ContainerSpecs.ExecutionLabel]);
        Assert.Equal(Fixtures.Settings.Spawner.HostId, spec.Labels[ContainerSpecs.HostLabel]);

        await AwaitConditionAsync(() => Task.FromResult(!_runtime.Waiting.IsEmpty));
        _runtime.Waiting.TryDequeue(out var wait);
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 4, "the logs"));

        var finished = entity.ExpectMsg<ExecutionFinished>();
        Assert.Equal(4, finished.ExitCode);
        Assert.Equal(2, finished.Runtime);
        Assert.False(finished.Halted);
        Assert.Equal("the logs", await _stores.Logs.GetAsync("e1"));
        await AwaitConditionAsync(() => Task.FromResult(_runtime.Removed.Contains(started.ContainerId)));
    }

    [Fact(DisplayName = "A text message that came by reference is read back from the body store into MSG, whole")]
    public async Task Stored_text_reaches_msg()
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity);
        // Longer than a body-store chunk, with multi-byte characters across the chunk boundaries.
        var text = string.Concat(Enumerable.Repeat("grüße-✓-", 40_000));
        using var source = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var body = await _stores.Bodies.WriteAsync(Fixtures.DbId, source, long.MaxValue);
        var message = Fixtures.Message("e1").StoredApart(body);

        worker.Tell(new RunExecution(Fixtures.Actor(), message), entity.Ref);

        entity.ExpectMsg<ExecutionStarted>();
        Assert.True(_runtime.Started.TryPeek(out var spec));
        Assert.Equal(text, spec!.Environment["MSG"]);
    }

    [Fact(DisplayName = "Logs of a running container are stored as they grow; the logs read after exit replace them")]
    public async Task Live_logs_then_final_logs()
    {
        var (entity, _) = await BusyWorkerAsync();
        await AwaitConditionAsync(() => Task.FromResult(!_runtime.Followed.IsEmpty));
        _runtime.Followed.TryDequeue(out var followed);

        await followed.OnLogs("line 1\n");
        Assert.Equal("line 1\n", await _stores.Logs.GetAsync("e1"));
        await followed.OnLogs("line 1\nline 2\n");
        Assert.Equal("line 1\nline 2\n", await _stores.Logs.GetAsync("e1"));

        _runtime.Waiting.TryDequeue(out var wait);
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 0, "line 1\nline 2\nline 3\n"));
        entity.ExpectMsg<ExecutionFinished>();
        Assert.Equal("line 1\nline 2\nline 3\n", await _stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "A container that cannot start is reported as ExecutionFailedToStart and the worker stays ready")]
    public async Task Start_failure_is_reported()
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity);
        _runtime.OnStart = _ => Task.FromException<StartedContainer>(new ContainerStartException("c", "no such user"));

        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e1")), entity.Ref);
        Assert.Equal("no such user", entity.ExpectMsg<ExecutionFailedToStart>().Reason);

        _runtime.OnStart = spec => Task.FromResult(new StartedContainer("c2", spec.Name, DateTime.UtcNow));
        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e2")), entity.Ref);
        Assert.Equal("e2", entity.ExpectMsg<ExecutionStarted>().ExecutionId.Value);
    }

    [Fact(DisplayName = "A busy worker handed another message refuses it, naming the execution it still runs, and runs nothing new")]
    public async Task Busy_worker_refuses_another_message()
    {
        var (entity, worker) = await BusyWorkerAsync();

        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e2")), entity.Ref);
        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e1")), entity.Ref); // its own: no news

        var refused = entity.ExpectMsg<ExecutionRefused>();
        Assert.Equal(("e2", "e1"), (refused.ExecutionId.Value, refused.Running?.Value));
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(_runtime.Waiting);
    }

    [Fact(DisplayName = "StopWorker with halt stops the running container, reports it halted, then the worker stops")]
    public async Task Halt_while_busy()
    {
        var (entity, worker) = await BusyWorkerAsync();

        worker.Tell(new StopWorker(Halt: true, "test"));

        var finished = entity.ExpectMsg<ExecutionFinished>();
        Assert.True(finished.Halted);
        worker.Tell(new StopWorker(Halt: false, "report read"));
        ExpectTerminated(worker);
    }

    [Fact(DisplayName = "StopWorker without halt lets the running execution finish, then the worker stops")]
    public async Task Graceful_stop_while_busy()
    {
        var (entity, worker) = await BusyWorkerAsync();

        worker.Tell(new StopWorker(Halt: false, "test"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _runtime.Waiting.TryDequeue(out var wait);
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 0, "done"));

        Assert.False(entity.ExpectMsg<ExecutionFinished>().Halted);
        worker.Tell(new StopWorker(Halt: false, "report read"));
        ExpectTerminated(worker);
    }

    [Fact(DisplayName = "A ready worker stops at once on StopWorker")]
    public async Task Stop_when_ready()
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity);
        Watch(worker);
        worker.Tell(new StopWorker(Halt: false, "test"));
        ExpectTerminated(worker);
    }

    [Fact(DisplayName = "IdentifyWorkers is answered with the current status and execution")]
    public async Task Identifies_itself()
    {
        var entity = CreateTestProbe();
        var worker = ReadyWorker(entity);
        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e9")), entity.Ref);
        entity.ExpectMsg<ExecutionStarted>();

        var asker = CreateTestProbe();
        worker.Tell(new IdentifyWorkers(Fixtures.Key), asker.Ref);
        var report = asker.ExpectMsg<WorkerStatusReport>();
        Assert.Equal(WorkerStatus.Busy, report.Status);
        Assert.Equal("e9", report.CurrentExecutionId?.Value);
    }

    [Fact(DisplayName = "An idle worker asked to identify itself repeats its last finish report (it may have been lost with a moving entity), until it gets new work")]
    public async Task Repeats_its_last_finish_report()
    {
        var (entity, worker) = await BusyWorkerAsync();
        _runtime.Waiting.TryDequeue(out var wait);
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 3, "done"));
        entity.ExpectMsg<ExecutionFinished>();

        var revived = CreateTestProbe();
        worker.Tell(new IdentifyWorkers(Fixtures.Key), revived.Ref);
        var repeated = revived.ExpectMsg<ExecutionFinished>();
        Assert.Equal(("e1", 3L), (repeated.ExecutionId.Value, repeated.ExitCode));
        Assert.Equal(WorkerStatus.Ready, revived.ExpectMsg<WorkerStatusReport>().Status);

        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e2")), revived.Ref);
        entity.ExpectMsg<ExecutionStarted>(); // reports go to the entities' region
        worker.Tell(new IdentifyWorkers(Fixtures.Key), revived.Ref);
        var report = revived.ExpectMsg<WorkerStatusReport>();
        Assert.Equal((WorkerStatus.Busy, "e2"), (report.Status, report.CurrentExecutionId?.Value));
    }

    [Fact(DisplayName = "A finish report is repeated until the entity acknowledges it (one sent while its entity's shard is handed off is dropped)")]
    public async Task Repeats_its_finish_report_until_acknowledged()
    {
        var (entity, worker) = await BusyWorkerAsync(RepeatingTimings);
        _runtime.Waiting.TryDequeue(out var wait);
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 0, "done"));
        Assert.Equal("e1", entity.ExpectMsg<ExecutionFinished>().ExecutionId.Value);

        var repeated = entity.ExpectMsg<ExecutionFinished>(TimeSpan.FromSeconds(10));
        Assert.Equal("e1", repeated.ExecutionId.Value);
        worker.Tell(new FinishAcknowledged(new ExecutionId("e1")), entity.Ref);

        // Bounded: unacknowledged, the report came again every 100 ms. One may have crossed the acknowledgement.
        entity.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m as ExecutionFinished);
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact(DisplayName = "A finish report is no longer repeated once the worker is given its next execution")]
    public async Task Next_execution_ends_the_repeats()
    {
        var (entity, worker) = await BusyWorkerAsync(RepeatingTimings);
        _runtime.Waiting.TryDequeue(out var wait);
        wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 0, "done"));
        entity.ExpectMsg<ExecutionFinished>();

        worker.Tell(new RunExecution(Fixtures.Actor(), Fixtures.Message("e2")), entity.Ref);

        var started = entity.FishForMessage<ExecutionStarted>(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal("e2", started.ExecutionId.Value);
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private static readonly WorkerTimings RepeatingTimings =
        WorkerTimings.Default with { FinishReportRepeat = TimeSpan.FromMilliseconds(100) };
}
