using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Runtime.Actors;
using Abaco.Stores;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Xunit;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// One actor's entity under test, shared by the entity spec classes: an in-memory journal (the kit's), a real SQLite
/// store in a file of its own, a probe standing in for the spawner, and the worker side of the protocol driven by
/// hand from probes. The spec class disposes it in <c>AfterAll</c>.
/// </summary>
public sealed class EntityHarness : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestKitBase _kit;
    private readonly AbacoSettings _settings;
    private readonly ActorEntity.Timings _timings;
    private readonly TimeProvider _clock;
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-entity-{Guid.NewGuid():N}.db");

    public EntityHarness(TestKitBase kit, AbacoSettings settings, ActorEntity.Timings? timings = null,
        TimeProvider? clock = null, bool withSpawner = true, bool acknowledgeStarts = true)
    {
        _kit = kit;
        _settings = settings;
        _timings = timings ?? ActorEntity.Timings.Default;
        _clock = clock ?? TimeProvider.System;
        Fixtures.JoinItself(kit.Sys);
        Stores = new SqliteStores(_dbFile);
        Spawner = withSpawner ? Fixtures.SpawnerProbe(kit, acknowledgeStarts) : kit.CreateTestProbe();
    }

    public SqliteStores Stores { get; }

    /// <summary>
    /// Receives what the entity sends to the spawner of the default queue; the stand-in acknowledges start requests
    /// as a spawner does, unless the harness was made without (then each spec acknowledges for itself).
    /// </summary>
    public TestProbe Spawner { get; }

    /// <summary>A fresh entity of <see cref="Fixtures.DbId"/> (recovering from the journal, if it has events).</summary>
    public IActorRef Entity(IAbacoStores? stores = null) =>
        _kit.Sys.ActorOf(ActorEntity.Props(Fixtures.DbId, _settings, stores ?? Stores, _clock, _timings));

    /// <summary>Tells from a fresh probe and waits for its reply (no blocking on tasks in tests).</summary>
    public T ExpectReply<T>(IActorRef entity, object command)
    {
        var asker = _kit.CreateTestProbe();
        entity.Tell(command, asker.Ref);
        return asker.ExpectMsg<T>(Wait);
    }

    public ActorRecord Register(IActorRef entity, ActorDefinition? definition = null)
    {
        var reply = ExpectReply<ActorReply>(entity, new RegisterActor(Fixtures.Key,
            definition ?? ActorDefinition.ForImage("abaco/test-busybox"), "owner", "http://api"));
        Assert.True(reply.Result.IsOk, reply.Result.Message);
        return reply.Actor!;
    }

    /// <summary>A fresh entity with the actor registered.</summary>
    public IActorRef Registered(ActorDefinition? definition = null)
    {
        var entity = Entity();
        Register(entity, definition);
        return entity;
    }

    public StartWorker ExpectStartWorker() => Spawner.ExpectMsg<StartWorker>(Wait);

    /// <summary>A registered actor whose first worker has reported READY.</summary>
    public (IActorRef Entity, StartWorker Start, TestProbe Worker) WithReadyWorker(IAbacoStores? stores = null,
        ActorDefinition? definition = null)
    {
        var entity = Entity(stores);
        Register(entity, definition);
        var start = ExpectStartWorker();
        return (entity, start, ReadyWorker(entity, start));
    }

    /// <summary>
    /// A worker subscribed to the actor's worker topic (as real workers are), running <paramref name="executionId"/>
    /// when its entity is stopped: the situation of an entity that moved or restarted while its worker survived.
    /// </summary>
    public (StartWorker Start, TestProbe Worker) WorkerOutlivingItsEntity(string executionId, params string[] queued)
    {
        var entity = Entity();
        Register(entity);
        var start = ExpectStartWorker();
        var worker = _kit.CreateTestProbe();
        DistributedPubSub.Get(_kit.Sys).Mediator.Tell(new Subscribe(ActorEntity.WorkerTopic(Fixtures.DbId), worker.Ref),
            worker.Ref);
        worker.ExpectMsg<SubscribeAck>(Wait);
        Report(entity, worker, start, WorkerStatus.Ready);
        Send(entity, executionId);
        worker.ExpectMsg<RunExecution>(Wait);
        foreach (var next in queued) Send(entity, next);
        var watcher = _kit.CreateTestProbe();
        watcher.Watch(entity);
        entity.Tell(PoisonPill.Instance);
        watcher.ExpectTerminated(entity, Wait);
        return (start, worker);
    }

    /// <summary>A probe playing the worker <paramref name="start"/> asked for, reporting READY.</summary>
    public TestProbe ReadyWorker(IActorRef entity, StartWorker start)
    {
        var worker = _kit.CreateTestProbe();
        Report(entity, worker, start, WorkerStatus.Ready);
        return worker;
    }

    public static void Report(IActorRef entity, TestProbe worker, StartWorker start, string status, string? running = null) =>
        entity.Tell(new WorkerStatusReport(Fixtures.Key, start.WorkerId, status, start.Revision,
            running is null ? null : new ExecutionId(running), "h", "127.0.0.1",
            "unix:///var/run/docker.sock"), worker.Ref);

    public string Send(IActorRef entity, string executionId) =>
        ExpectReply<MessageAccepted>(entity, new SendMessage(Fixtures.Key, Fixtures.Message(executionId))).ExecutionId.Value;

    public int Count(IActorRef entity) => ExpectReply<MessageCount>(entity, new GetMessageCount(Fixtures.Key)).Count;

    public static void Started(IActorRef entity, TestProbe worker, StartWorker start, string executionId) =>
        entity.Tell(new ExecutionStarted(Fixtures.Key, start.WorkerId, new ExecutionId(executionId), DateTime.UtcNow, "cid"), worker.Ref);

    /// <summary>
    /// The worker reports the execution finished; a halted one exits 137 unless told otherwise. Sent without a sender:
    /// what the entity answers a report (its acknowledgement) is for the specs that send it with
    /// <see cref="FinishFrom"/>, and the worker probes of the others see only what the entity asks of a worker.
    /// </summary>
    public static void Finish(IActorRef entity, TestProbe worker, StartWorker start, string executionId, long? exitCode = null,
        bool halted = false) =>
        entity.Tell(Finished(start, executionId, exitCode ?? (halted ? 137 : 0), halted), ActorRefs.NoSender);

    /// <summary>The worker reports the execution finished (exit code 0), from the worker: answers reach the probe.</summary>
    public static void FinishFrom(IActorRef entity, TestProbe worker, StartWorker start, string executionId) =>
        entity.Tell(Finished(start, executionId, 0, halted: false), worker.Ref);

    private static ExecutionFinished Finished(StartWorker start, string executionId, long exitCode, bool halted) =>
        new(Fixtures.Key, start.WorkerId, new ExecutionId(executionId), DateTime.UtcNow, DateTime.UtcNow, 1, 5, 0, exitCode,
            null, halted);

    public Task<ExecutionRecord> ExecutionEventuallyAsync(string executionId, string status) =>
        EventuallyAsync(async () => await Stores.Executions.GetAsync(Fixtures.DbId, executionId) is { } e && e.Status == status ? e : null,
            $"execution {executionId} to be {status}");

    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        T? value = null;
        await _kit.AwaitConditionAsync(async () => (value = await probe()) is not null, Wait, message: what);
        return value!;
    }

    public void Dispose()
    {
        Stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }
}
