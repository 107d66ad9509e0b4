using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
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
/// The entity's requests beyond registering and messaging (state, halting, purging, workers on demand, synchronous
/// callers), with an in-memory journal and a real SQLite store; the spawner and the workers are probes.
/// </summary>
public sealed class ActorEntityRequestsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = EntityHarness.Wait;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private const string NotRunning = "Cannot force quit an execution not in RUNNING status. Execution was found in status: ";

    /// <summary>One worker driven by hand: the autoscaler (AutoscalingSpecs) would ask for more.</summary>
    private static readonly Abaco.Core.Settings.AbacoSettings Settings = Fixtures.Settings with
    {
        Workers = Fixtures.Settings.Workers with { Autoscaling = false },
    };

    private readonly EntityHarness _h;

    public ActorEntityRequestsSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output) =>
        _h = new EntityHarness(this, Settings,
            ActorEntity.Timings.Default with
            {
                ReconcileWindow = TimeSpan.FromMilliseconds(500),
                ClaimGrace = TimeSpan.FromMilliseconds(500),
            });

    protected override void AfterAll()
    {
        base.AfterAll();
        _h.Dispose();
    }

    // ---------------------------------------------------------------- helpers

    private static ActorDefinition Definition(bool stateless) =>
        ActorDefinition.ForImage("abaco/test-busybox") with { Stateless = stateless };

    private IActorRef Registered(bool stateless = true) => _h.Registered(Definition(stateless));

    /// <summary>A registered actor whose first worker has reported READY.</summary>
    private (IActorRef Entity, StartWorker Start, TestProbe Worker) WithReadyWorker(bool stateless = true) =>
        _h.WithReadyWorker(definition: Definition(stateless));

    /// <summary>A probe that has asked to watch the execution and is waiting for the answer.</summary>
    private TestProbe Watcher(IActorRef entity, string executionId)
    {
        var watcher = CreateTestProbe();
        entity.Tell(new WatchExecution(Fixtures.Key, new ExecutionId(executionId)), watcher.Ref);
        return watcher;
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    // ---------------------------------------------------------------- any request

    [Fact(DisplayName = "Requests about an actor that was never registered answer NotFound, and watching it ends at once")]
    public void Unknown_actor()
    {
        var entity = _h.Entity();

        Assert.Equal(AbacoResultCode.NotFound,
            _h.ExpectReply<ActorReply>(entity, new SetActorState(Fixtures.Key, Json("{}"))).Result.Code);
        Assert.Equal(AbacoResultCode.NotFound, _h.ExpectReply<AbacoResult>(entity, new HaltExecution(Fixtures.Key, new ExecutionId("e1"))).Code);
        Assert.Equal(AbacoResultCode.NotFound, _h.ExpectReply<AbacoResult>(entity, new PurgeMessages(Fixtures.Key)).Code);
        Assert.Equal(AbacoResultCode.NotFound, _h.ExpectReply<AbacoResult>(entity, new EnsureWorkers(Fixtures.Key, 2)).Code);
        Assert.Equal(AbacoResultCode.NotFound, _h.ExpectReply<AbacoResult>(entity, new StopWorkerRequest(Fixtures.Key, new WorkerId("w"))).Code);
        Assert.Equal(new ExecutionProgress(new ExecutionId("e1"), false, true), _h.ExpectReply<ExecutionProgress>(entity, new WatchExecution(Fixtures.Key, new ExecutionId("e1"))));
        _h.Spawner.ExpectNoMsg(Quiet);
    }

    // ---------------------------------------------------------------- state

    [Fact(DisplayName = "Setting the state of a stateful actor answers with the actor holding it, stores it, and the next execution carries it")]
    public async Task Set_state_of_stateful_actor()
    {
        var (entity, _, worker) = WithReadyWorker(stateless: false);
        var state = Json("""{"count": 3, "names": ["a", "b"], "nested": {"ok": true}}""");

        var reply = _h.ExpectReply<ActorReply>(entity, new SetActorState(Fixtures.Key, state));

        Assert.True(reply.Result.IsOk, reply.Result.Message);
        Assert.True(JsonElement.DeepEquals(state, reply.Actor!.State), reply.Actor.State.GetRawText());
        await _h.EventuallyAsync(async () => await _h.Stores.Actors.GetAsync(Fixtures.DbId) is { } a && JsonElement.DeepEquals(state, a.State) ? a : null,
            "the stored actor to hold the new state");
        _h.Send(entity, "e1");
        var run = worker.ExpectMsg<RunExecution>(Wait);
        Assert.True(JsonElement.DeepEquals(state, run.Actor.State), run.Actor.State.GetRawText());
    }

    [Fact(DisplayName = "Setting the state again replaces it; the state survives a restart of the entity")]
    public async Task State_is_replaced_and_durable()
    {
        var (entity, _, _) = WithReadyWorker(stateless: false);
        _h.ExpectReply<ActorReply>(entity, new SetActorState(Fixtures.Key, Json("""{"first": 1}""")));
        var second = Json("""{"second": 2}""");
        Assert.True(_h.ExpectReply<ActorReply>(entity, new SetActorState(Fixtures.Key, second)).Result.IsOk);

        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var revived = _h.Entity();
        _h.Send(revived, "e1");
        var fresh = _h.ExpectStartWorker();
        var worker = _h.ReadyWorker(revived, fresh);

        var run = worker.ExpectMsg<RunExecution>(Wait);
        Assert.True(JsonElement.DeepEquals(second, run.Actor.State), run.Actor.State.GetRawText());
        var stored = await _h.Stores.Actors.GetAsync(Fixtures.DbId);
        Assert.True(JsonElement.DeepEquals(second, stored!.State), stored.State.GetRawText());
    }

    [Fact(DisplayName = "Setting the state of a stateless actor is refused with 'actor is stateless.' and changes nothing")]
    public async Task Set_state_of_stateless_actor()
    {
        var (entity, _, worker) = WithReadyWorker(stateless: true);

        var reply = _h.ExpectReply<ActorReply>(entity, new SetActorState(Fixtures.Key, Json("""{"count": 3}""")));

        Assert.Equal(AbacoResultCode.NotFound, reply.Result.Code);
        Assert.Equal("actor is stateless.", reply.Result.Message);
        Assert.Null(reply.Actor);
        Assert.Equal("{}", (await _h.Stores.Actors.GetAsync(Fixtures.DbId))!.State.GetRawText());
        _h.Send(entity, "e1");
        Assert.Equal("{}", worker.ExpectMsg<RunExecution>(Wait).Actor.State.GetRawText());
    }

    // ---------------------------------------------------------------- halt

    [Fact(DisplayName = "Halting a running execution tells the worker running it (and no other) to stop its container, and answers at once")]
    public async Task Halt_running_execution()
    {
        var (entity, first, firstWorker) = WithReadyWorker();
        Assert.Equal(new WorkersScheduled(1, 1), _h.ExpectReply<WorkersScheduled>(entity, new EnsureWorkers(Fixtures.Key, 2)));
        var second = _h.ExpectStartWorker();
        var secondWorker = _h.ReadyWorker(entity, second);
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        var runs = new[] { (first, firstWorker), (second, secondWorker) }
            .ToDictionary(w => w.Item2.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
        Assert.Equal(new[] { "e1", "e2" }, runs.Keys.Order());
        var (runningStart, running) = runs["e2"];
        var idle = runs["e1"].Item2;
        EntityHarness.Started(entity, running, runningStart, "e2");

        var reply = _h.ExpectReply<AbacoResult>(entity, new HaltExecution(Fixtures.Key, new ExecutionId("e2")));

        Assert.Equal(new AbacoResult(AbacoResultCode.Ok, "Issued force quit command for execution e2."), reply);
        Assert.Equal("e2", running.ExpectMsg<HaltContainer>(Wait).ExecutionId.Value);
        idle.ExpectNoMsg(Quiet);
        EntityHarness.Finish(entity, running, runningStart, "e2", halted: true);
        var halted = await _h.ExecutionEventuallyAsync("e2", ExecutionStatus.Complete);
        Assert.Equal(137, halted.ExitCode);
        Assert.Contains("stopped by Abaco", halted.StatusMessage);
    }

    [Fact(DisplayName = "A queued execution cannot be halted: the answer says it was found SUBMITTED and no worker is told")]
    public void Halt_queued_execution()
    {
        var (entity, _, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        var reply = _h.ExpectReply<AbacoResult>(entity, new HaltExecution(Fixtures.Key, new ExecutionId("e2")));

        Assert.Equal(AbacoResult.BadRequest(NotRunning + ExecutionStatus.Submitted), reply);
        worker.ExpectNoMsg(Quiet);
    }

    [Fact(DisplayName = "A finished or unknown execution cannot be halted and no worker is told")]
    public async Task Halt_finished_execution()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        EntityHarness.Finish(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);

        foreach (var id in new[] { "e1", "never-sent" })
        {
            var reply = _h.ExpectReply<AbacoResult>(entity, new HaltExecution(Fixtures.Key, new ExecutionId(id)));
            Assert.Equal(AbacoResultCode.BadRequest, reply.Code);
            Assert.StartsWith(NotRunning, reply.Message);
        }
        worker.ExpectNoMsg(Quiet);
    }

    // ---------------------------------------------------------------- purge

    [Fact(DisplayName = "Purging ends every queued message in ERROR with a reason, empties the mailbox, and leaves the running execution alone")]
    public async Task Purge_queued_messages()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        _h.Send(entity, "e3");
        worker.ExpectMsg<RunExecution>(Wait);
        EntityHarness.Started(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Running);
        Assert.Equal(2, _h.Count(entity));

        var reply = _h.ExpectReply<AbacoResult>(entity, new PurgeMessages(Fixtures.Key));

        Assert.Equal(new AbacoResult(AbacoResultCode.Ok, "Actor mailbox purged."), reply);
        Assert.Equal(0, _h.Count(entity));
        foreach (var id in new[] { "e2", "e3" })
        {
            var purged = await _h.ExecutionEventuallyAsync(id, ExecutionStatus.Error);
            Assert.Contains("purged", purged.StatusMessage);
            Assert.NotNull(purged.FinishTime);
        }
        Assert.Equal(ExecutionStatus.Running, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e1"))!.Status);

        EntityHarness.Finish(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        worker.ExpectNoMsg(Quiet); // nothing purged is run
        Assert.Equal(ExecutionStatus.Error, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, "e2"))!.Status);
    }

    [Fact(DisplayName = "A message purged just as the worker frees up is not run")]
    public async Task Purge_races_a_finishing_worker()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        var purger = CreateTestProbe();
        entity.Tell(new PurgeMessages(Fixtures.Key), purger.Ref);
        EntityHarness.Finish(entity, worker, start, "e1"); // arrives while the purge is being journalled

        Assert.True(purger.ExpectMsg<AbacoResult>(Wait).IsOk);
        await _h.ExecutionEventuallyAsync("e2", ExecutionStatus.Error);
        worker.ExpectNoMsg(Quiet);
        Assert.Equal(0, _h.Count(entity));
    }

    [Fact(DisplayName = "Once a purge is acknowledged the mailbox reads empty, even to a request that follows right behind it, and the purged executions read ERROR")]
    public async Task Purge_is_applied_before_it_is_acknowledged()
    {
        var (entity, _, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        _h.Send(entity, "e3");
        worker.ExpectMsg<RunExecution>(Wait);

        var client = CreateTestProbe();
        entity.Tell(new PurgeMessages(Fixtures.Key), client.Ref);
        entity.Tell(new GetMessageCount(Fixtures.Key), client.Ref);

        // The acknowledgement also waits for the ERROR records, so the count may answer first.
        var replies = client.ReceiveN(2, Wait);
        Assert.Equal(0, Assert.Single(replies.OfType<MessageCount>()).Count);
        Assert.True(Assert.Single(replies.OfType<AbacoResult>()).IsOk);
        foreach (var purged in new[] { "e2", "e3" })
            Assert.Equal(ExecutionStatus.Error, (await _h.Stores.Executions.GetAsync(Fixtures.DbId, purged))!.Status);
    }

    [Fact(DisplayName = "Messages sent after a purge run as usual")]
    public async Task Messages_after_purge_run()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);
        Assert.True(_h.ExpectReply<AbacoResult>(entity, new PurgeMessages(Fixtures.Key)).IsOk);
        await _h.ExecutionEventuallyAsync("e2", ExecutionStatus.Error);
        EntityHarness.Finish(entity, worker, start, "e1");

        _h.Send(entity, "e3");

        Assert.Equal("e3", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    // ---------------------------------------------------------------- workers

    [Fact(DisplayName = "Asking for workers requests only the missing ones from the spawner and says how many there were")]
    public async Task Ensure_workers()
    {
        var entity = Registered();
        var initial = _h.ExpectStartWorker();

        var reply = _h.ExpectReply<WorkersScheduled>(entity, new EnsureWorkers(Fixtures.Key, 3));

        Assert.Equal(new WorkersScheduled(2, 1), reply);
        var requested = new[] { _h.ExpectStartWorker(), _h.ExpectStartWorker() };
        Assert.All(requested, s =>
        {
            Assert.Equal("abaco/test-busybox", s.Image);
            Assert.Equal(1, s.Revision);
            Assert.Equal(Fixtures.DbId, s.ActorKey.DbId);
        });
        Assert.Equal(3, requested.Select(s => s.WorkerId).Append(initial.WorkerId).Distinct().Count());
        await AwaitConditionAsync(async () => (await _h.Stores.Workers.ListAsync(Fixtures.DbId)).Count == 3, Wait);

        Assert.Equal(new WorkersScheduled(0, 3), _h.ExpectReply<WorkersScheduled>(entity, new EnsureWorkers(Fixtures.Key, 2)));
        _h.Spawner.ExpectNoMsg(Quiet);
    }

    [Fact(DisplayName = "Stopping an unknown worker answers 'Worker not found.'")]
    public void Stop_unknown_worker()
    {
        var (entity, _, worker) = WithReadyWorker();

        var reply = _h.ExpectReply<AbacoResult>(entity, new StopWorkerRequest(Fixtures.Key, new WorkerId("no-such-worker")));

        Assert.Equal(AbacoResult.NotFound("Worker not found."), reply);
        worker.ExpectNoMsg(Quiet);
    }

    [Fact(DisplayName = "Stopping a worker tells it to stop gracefully, marks it SHUTDOWN_REQUESTED, and it no longer counts as a worker; once it stops its record and client are deleted")]
    public async Task Stop_ready_worker()
    {
        var (entity, start, worker) = WithReadyWorker();
        await _h.Stores.Clients.AddAsync(Fixtures.Client(start.WorkerId.Value));
        await _h.Stores.Clients.AddAsync(Fixtures.Client("another-worker"));

        var reply = _h.ExpectReply<AbacoResult>(entity, new StopWorkerRequest(Fixtures.Key, start.WorkerId));

        Assert.Equal(new AbacoResult(AbacoResultCode.Ok, "Worker scheduled to be stopped."), reply);
        Assert.False(worker.ExpectMsg<StopWorker>(Wait).Halt);
        await AwaitConditionAsync(async () =>
            (await _h.Stores.Workers.GetAsync(Fixtures.DbId, start.WorkerId.Value))?.Status == WorkerStatus.ShutdownRequested, Wait);
        Assert.Equal(new WorkersScheduled(1, 0), _h.ExpectReply<WorkersScheduled>(entity, new EnsureWorkers(Fixtures.Key, 1)));
        _h.ExpectStartWorker();

        Sys.Stop(worker.Ref);
        await AwaitConditionAsync(async () => await _h.Stores.Workers.GetAsync(Fixtures.DbId, start.WorkerId.Value) is null, Wait);
        // The client went first: a worker no longer recorded has no tokens accepted.
        Assert.Null(await _h.Stores.Clients.GetAsync(Fixtures.DbId, start.WorkerId.Value));
        Assert.NotNull(await _h.Stores.Clients.GetAsync(Fixtures.DbId, "another-worker"));
    }

    [Fact(DisplayName = "A busy worker asked to stop finishes its execution, takes no more work, and the queue moves to a new worker")]
    public async Task Stop_busy_worker()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);

        Assert.True(_h.ExpectReply<AbacoResult>(entity, new StopWorkerRequest(Fixtures.Key, start.WorkerId)).IsOk);
        Assert.False(worker.ExpectMsg<StopWorker>(Wait).Halt);
        EntityHarness.Finish(entity, worker, start, "e1");

        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);
        worker.ExpectMsg<StopWorker>(Wait); // its report is in: now it may go
        worker.ExpectNoMsg(Quiet);
        Sys.Stop(worker.Ref);
        var replacement = _h.ExpectStartWorker();
        var next = _h.ReadyWorker(entity, replacement);
        Assert.Equal("e2", next.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);
    }

    // ---------------------------------------------------------------- watch

    [Fact(DisplayName = "Watching an execution the actor never had, or one already finished, answers at once that it ended")]
    public async Task Watch_unknown_or_finished()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        EntityHarness.Finish(entity, worker, start, "e1");
        await _h.ExecutionEventuallyAsync("e1", ExecutionStatus.Complete);

        Assert.Equal(new ExecutionProgress(new ExecutionId("nope"), false, true), _h.ExpectReply<ExecutionProgress>(entity, new WatchExecution(Fixtures.Key, new ExecutionId("nope"))));
        Assert.Equal(new ExecutionProgress(new ExecutionId("e1"), false, true), _h.ExpectReply<ExecutionProgress>(entity, new WatchExecution(Fixtures.Key, new ExecutionId("e1"))));
    }

    [Fact(DisplayName = "Watchers of a running execution hear as soon as its worker reports a result")]
    public void Watch_until_result()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        EntityHarness.Started(entity, worker, start, "e1");
        var watchers = new[] { Watcher(entity, "e1"), Watcher(entity, "e1") };
        watchers[0].ExpectNoMsg(Quiet);

        entity.Tell(new ResultAvailable(Fixtures.Key, start.WorkerId, new ExecutionId("e1")), worker.Ref);

        Assert.All(watchers, w => Assert.Equal(new ExecutionProgress(new ExecutionId("e1"), true, false), w.ExpectMsg<ExecutionProgress>(Wait)));
        Assert.All(watchers, w => w.ExpectNoMsg(TimeSpan.FromMilliseconds(100)));
    }

    [Fact(DisplayName = "Watchers of a running execution without a result hear when it finishes")]
    public void Watch_until_finished()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        var watcher = Watcher(entity, "e1");
        watcher.ExpectNoMsg(Quiet);

        EntityHarness.Finish(entity, worker, start, "e1");

        Assert.Equal(new ExecutionProgress(new ExecutionId("e1"), false, true), watcher.ExpectMsg<ExecutionProgress>(Wait));
    }

    [Fact(DisplayName = "Watchers of a queued execution wait through the queue and hear when it finishes")]
    public void Watch_queued_execution()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);
        var watcher = Watcher(entity, "e2");

        EntityHarness.Finish(entity, worker, start, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        watcher.ExpectNoMsg(Quiet);
        EntityHarness.Finish(entity, worker, start, "e2");

        Assert.Equal(new ExecutionProgress(new ExecutionId("e2"), false, true), watcher.ExpectMsg<ExecutionProgress>(Wait));
    }

    [Fact(DisplayName = "Watchers hear when the execution fails: its container cannot start")]
    public void Watch_until_start_failure()
    {
        var (entity, start, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        var watcher = Watcher(entity, "e1");
        watcher.ExpectNoMsg(Quiet);

        entity.Tell(new ExecutionFailedToStart(Fixtures.Key, start.WorkerId, new ExecutionId("e1"), "bad user"), worker.Ref);

        Assert.Equal(new ExecutionProgress(new ExecutionId("e1"), false, true), watcher.ExpectMsg<ExecutionProgress>(Wait));
    }

    [Fact(DisplayName = "Watchers hear when the execution fails: its worker dies")]
    public void Watch_until_worker_death()
    {
        var (entity, _, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        worker.ExpectMsg<RunExecution>(Wait);
        var watcher = Watcher(entity, "e1");
        watcher.ExpectNoMsg(Quiet);

        Sys.Stop(worker.Ref);

        Assert.Equal(new ExecutionProgress(new ExecutionId("e1"), false, true), watcher.ExpectMsg<ExecutionProgress>(Wait));
    }

    [Fact(DisplayName = "Watchers of a queued message hear when the mailbox is purged")]
    public void Watch_until_purged()
    {
        var (entity, _, worker) = WithReadyWorker();
        _h.Send(entity, "e1");
        _h.Send(entity, "e2");
        worker.ExpectMsg<RunExecution>(Wait);
        var watcher = Watcher(entity, "e2");
        var runningWatcher = Watcher(entity, "e1");
        watcher.ExpectNoMsg(Quiet);

        Assert.True(_h.ExpectReply<AbacoResult>(entity, new PurgeMessages(Fixtures.Key)).IsOk);

        Assert.Equal(new ExecutionProgress(new ExecutionId("e2"), false, true), watcher.ExpectMsg<ExecutionProgress>(Wait));
        runningWatcher.ExpectNoMsg(Quiet);
    }
}
