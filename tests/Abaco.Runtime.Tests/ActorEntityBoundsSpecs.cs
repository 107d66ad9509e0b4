using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
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
/// What the entity keeps is bounded: at most <c>web.max_queued_messages_per_actor</c> messages wait, and a binary
/// message's stored body lives only as long as its execution (or its actor).
/// </summary>
public sealed class ActorEntityBoundsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const int Cap = 3;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly Abaco.Core.Settings.AbacoSettings Settings = Fixtures.Settings with
    {
        Web = Fixtures.Settings.Web with { MaxQueuedMessagesPerActor = Cap },
        Workers = Fixtures.Settings.Workers with { Autoscaling = false },
    };

    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-bounds-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;
    private readonly TestProbe _spawner;

    public ActorEntityBoundsSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
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

    private IActorRef Registered()
    {
        var entity = Sys.ActorOf(ActorEntity.Props(Fixtures.DbId, Settings, _stores, TimeProvider.System));
        var reply = Ask<ActorReply>(entity,
            new RegisterActor(Fixtures.Key, ActorDefinition.ForImage("abaco/test-busybox"), "owner", "http://api"));
        Assert.True(reply.Result.IsOk, reply.Result.Message);
        return entity;
    }

    private T Ask<T>(IActorRef entity, object command)
    {
        var asker = CreateTestProbe();
        entity.Tell(command, asker.Ref);
        return asker.ExpectMsg<T>(Wait);
    }

    private async Task<QueuedMessage> BinaryMessageAsync(string executionId)
    {
        var body = await _stores.Bodies.WriteAsync(Fixtures.DbId, new MemoryStream([1, 2, 3]), long.MaxValue);
        return Fixtures.Message(executionId, "") with { Kind = MessageKind.Binary, BodyRef = body };
    }

    private Task BodyGoneAsync(MessageBodyRef body) =>
        AwaitConditionAsync(async () => await _stores.Bodies.ReadChunkAsync(body.Id, 0, new byte[Stores.Bodies.MessageBodyChunks.Size]) == 0,
            Wait, message: $"body {body.Id} to be deleted");

    [Fact(DisplayName = "A burst beyond the cap: exactly the cap is accepted, the rest answer Full with the reason and leave no execution")]
    public async Task Queue_cap_holds_under_a_burst()
    {
        var entity = Registered();
        var askers = Enumerable.Range(0, Cap + 4).Select(i =>
        {
            var asker = CreateTestProbe();
            entity.Tell(new SendMessage(Fixtures.Key, Fixtures.Message($"e{i}")), asker.Ref);
            return asker;
        }).ToList();

        var replies = askers.Select(a => a.ExpectMsg<object>(Wait)).ToList();

        Assert.Equal(Cap, replies.OfType<MessageAccepted>().Count());
        var refusals = replies.OfType<AbacoResult>().ToList();
        Assert.Equal(4, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(new AbacoResult(AbacoResultCode.Full,
            $"The actor has {Cap} messages waiting already (web.max_queued_messages_per_actor); try again later."), r));
        Assert.Equal(Cap, Ask<MessageCount>(entity, new GetMessageCount(Fixtures.Key)).Count);
        Assert.Equal(Cap, (await _stores.Executions.ListAsync(Fixtures.DbId)).Count);
    }

    [Fact(DisplayName = "Once a queued message leaves (runs), the queue has room again")]
    public void Queue_cap_frees_up()
    {
        var entity = Registered();
        for (var i = 0; i < Cap; i++) Ask<MessageAccepted>(entity, new SendMessage(Fixtures.Key, Fixtures.Message($"e{i}")));
        Ask<AbacoResult>(entity, new SendMessage(Fixtures.Key, Fixtures.Message("refused")));

        var start = _spawner.ExpectMsg<StartWorker>(Wait);
        var worker = CreateTestProbe();
        entity.Tell(new WorkerStatusReport(Fixtures.Key, start.WorkerId, WorkerStatus.Ready, start.Revision, null, "h",
            "127.0.0.1", "unix:///var/run/docker.sock"), worker.Ref);
        worker.ExpectMsg<RunExecution>(Wait);

        Ask<MessageAccepted>(entity, new SendMessage(Fixtures.Key, Fixtures.Message("fits-now")));
    }

    [Fact(DisplayName = "A binary message's body is deleted when its execution completes, when it is purged, and with its actor")]
    public async Task Bodies_deleted_with_their_execution()
    {
        var entity = Registered();
        var (run, purged) = (await BinaryMessageAsync("run"), await BinaryMessageAsync("purged"));
        await BinaryMessageAsync("left"); // stored, never queued (a refused POST's, say)
        foreach (var message in new[] { run, purged })
            Ask<MessageAccepted>(entity, new SendMessage(Fixtures.Key, message));
        var start = _spawner.ExpectMsg<StartWorker>(Wait);
        var worker = CreateTestProbe();
        entity.Tell(new WorkerStatusReport(Fixtures.Key, start.WorkerId, WorkerStatus.Ready, start.Revision, null, "h",
            "127.0.0.1", "unix:///var/run/docker.sock"), worker.Ref);
        Assert.Equal("run", worker.ExpectMsg<RunExecution>(Wait).Message.ExecutionId);

        Ask<AbacoResult>(entity, new PurgeMessages(Fixtures.Key));
        await BodyGoneAsync(purged.BodyRef!);
        Assert.True(await _stores.Bodies.ReadChunkAsync(run.BodyRef!.Id, 0, new byte[Stores.Bodies.MessageBodyChunks.Size]) > 0,
            "the running execution's body must stay while it runs");

        entity.Tell(new ExecutionFinished(Fixtures.Key, start.WorkerId, new ExecutionId("run"), DateTime.UtcNow, DateTime.UtcNow, 1, 5, 0, 0,
            null, false), worker.Ref);
        await BodyGoneAsync(run.BodyRef!);

        Assert.Equal(1, await _stores.Bodies.CountAsync()); // "left"
        entity.Tell(new DeleteActor(Fixtures.Key), TestActor);
        worker.ExpectMsg<StopWorker>(Wait);
        worker.Ref.Tell(PoisonPill.Instance);
        ExpectMsg<AbacoResult>(Wait);
        await AwaitConditionAsync(async () => await _stores.Bodies.CountAsync() == 0, Wait, message: "every body of the actor to go");
        Assert.Equal(ExecutionStatus.Complete, (await _stores.Executions.GetAsync(Fixtures.DbId, "run"))!.Status);
    }
}
