using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Tests.Support;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Protocol.Tests;

/// <summary>Realistic instances of every protocol type, several for those with optional or tricky fields.</summary>
internal static class ProtocolSamples
{
    private static readonly DateTime T0 = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);
    private static readonly ActorKey Key = ActorKey.Parse("SD2E-DEV_AKeo3XGAGyRr");
    private static readonly WorkerId Worker = new("ygwO80z78NBPj");
    private static readonly ExecutionId Execution = new("vxweVD0YywkrB");

    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static readonly ActorDefinition FullDefinition = DomainSamples.FullDefinition;

    public static readonly ActorDefinition MinimalDefinition = ActorDefinition.ForImage("abacosamples/test");

    public static readonly ActorRecord Actor = new(
        "SD2E-DEV", "AKeo3XGAGyRr", "jdoe", "https://api.example.org", FullDefinition, ActorStatus.Ready, "all good",
        Json("""{"count": 3, "words": ["a", "b"], "ratio": 0.25, "nested": {"deep": true}}"""),
        [new MountSpec("/data/jdoe", "/work", "rw"), new MountSpec("/corral/projects", "/projects", "ro")],
        3, "2021-05-17T16:00:00", T0, T0.AddMinutes(5));

    public static readonly ActorRecord MinimalActor = new(
        "DEV", "DlzypRjPkkWV", "anonymous", "http://localhost:8000", MinimalDefinition, ActorStatus.Submitted, "",
        Json("{}"), ImmutableArray<MountSpec>.Empty, 1, null, T0, T0);

    public static readonly QueuedMessage JsonMessage = new(
        "vxweVD0YywkrB", MessageKind.Json, """{"text": "it's a test", "n": [1, 2.5, null]}""",
        ImmutableDictionary<string, string>.Empty
            .Add("_abaco_username", "jdoe").Add("_abaco_api_server", "https://api.example.org").Add("x-nonce", "DEV_abc"),
        "jdoe", T0);

    public const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static readonly QueuedMessage StrMessage = new(
        "WPMx0pLjvKrLP", MessageKind.Str, "hello\nworld \"quoted\"", ImmutableDictionary<string, string>.Empty, "cron",
        T0.AddSeconds(1));

    public static readonly FinalState Final = new(
        "exited", false, false, false, true, false, 4242, 137, "OOM", T0.AddSeconds(1), T0.AddSeconds(4));

    public static readonly FinalState FinalWithoutTimes = new("dead", false, false, false, false, true, 0, -1, "", null, null);

    public static ActorEntityState EntityState() => ActorEntityState.Empty
        .Apply(new ActorRegistered(Actor))
        .Apply(new MessageQueued(JsonMessage))
        .Apply(new MessageQueued(StrMessage))
        .Apply(new MessageQueued(JsonMessage with { ExecutionId = "kZoKkKPP84kvl" }))
        .Apply(new ExecutionDispatched(JsonMessage.ExecutionId, "ygwO80z78NBPj"));

    /// <summary>Each sample with a name unique in the list: the manifest, plus a suffix for the variants.</summary>
    public static readonly IReadOnlyDictionary<string, object> All = new Dictionary<string, object>
    {
        ["ev.registered"] = new ActorRegistered(Actor),
        ["ev.registered/minimal"] = new ActorRegistered(MinimalActor),
        ["ev.registered/string-state"] = new ActorRegistered(MinimalActor with { State = Json("\"just text\"") }),
        ["ev.registered/owner-roles"] = new ActorRegistered(Actor with { OwnerRoles = ["Internal/abaco-user", "Internal/everyone"] }),
        ["ev.updated"] = new ActorUpdated(Actor with { Revision = 4, LastUpdateTime = T0.AddHours(1) }),
        ["ev.status"] = new ActorStatusChanged(ActorStatus.Error, "Could not pull image abacosamples/wc:1.0", T0),
        ["ev.deleted"] = new ActorDeleted(T0.AddDays(1)),
        ["ev.queued"] = new MessageQueued(JsonMessage),
        ["ev.queued/str"] = new MessageQueued(StrMessage),
        ["ev.dispatched"] = new ExecutionDispatched("vxweVD0YywkrB", "ygwO80z78NBPj"),
        ["ev.ended"] = new ExecutionEnded("vxweVD0YywkrB", ExecutionStatus.Complete),
        ["snap.actor"] = EntityState(),
        ["snap.actor/empty"] = ActorEntityState.Empty,
        ["snap.actor/deleted"] = EntityState().Apply(new ActorDeleted(T0)),
        ["result"] = AbacoResult.NotFound("Actor with identifier 'my-alias' not found"),
        ["result/ok"] = AbacoResult.Ok,
        ["cmd.register"] = new RegisterActor(Key, FullDefinition, "jdoe", "https://api.example.org"),
        ["cmd.register/minimal"] = new RegisterActor(ActorKey.Parse("DEV_DlzypRjPkkWV"), MinimalDefinition, "anonymous", ""),
        ["cmd.update"] = new UpdateActor(Key, FullDefinition with { Image = "abacosamples/wc:2.0" }, true),
        ["cmd.register/owner-roles"] = new RegisterActor(Key, FullDefinition, "jdoe", "https://api.example.org")
        {
            OwnerRoles = ["Internal/abaco-user"],
        },
        ["cmd.update/owner-roles"] = new UpdateActor(Key, FullDefinition, false) { OwnerRoles = ["Internal/abaco-user"] },
        ["cmd.delete"] = new DeleteActor(Key),
        ["cmd.send"] = new SendMessage(Key, JsonMessage),
        // The trace context crosses nodes with the message, from the API to the entity and on to the worker.
        ["cmd.send/traced"] = new SendMessage(Key, JsonMessage with { TraceParent = TraceParent }),
        ["w.run/traced"] = new RunExecution(Actor, StrMessage with { TraceParent = TraceParent }),
        ["cmd.wake"] = new Wake(Key),
        ["reply.actor"] = new ActorReply(AbacoResult.Ok, Actor),
        ["reply.actor/none"] = new ActorReply(AbacoResult.BadRequest("Invalid actor description"), null),
        ["reply.accepted"] = new MessageAccepted(Execution, 3),
        ["cmd.count"] = new GetMessageCount(Key),
        ["reply.count"] = new MessageCount(7),
        ["w.start"] = new StartWorker(Key, Worker, "abacosamples/wc:1.0", 3),
        ["w.run"] = new RunExecution(Actor, JsonMessage),
        ["w.stop"] = new StopWorker(true, "actor deleted"),
        ["w.identify"] = new IdentifyWorkers(Key),
        ["w.status"] = new WorkerStatusReport(Key, Worker, "READY", 3, null, "host-1", "10.0.0.5",
            "unix://var/run/docker.sock"),
        ["w.status/busy"] = new WorkerStatusReport(Key, Worker, "BUSY", 3, Execution, "host-1",
            "10.0.0.5", "unix://var/run/docker.sock"),
        ["w.failed"] = new WorkerFailed(Key, Worker, "image abacosamples/nope not found"),
        ["w.started"] = new ExecutionStarted(Key, Worker, Execution, T0, "4f1c3b2a9d8e"),
        ["w.startfailed"] = new ExecutionFailedToStart(Key, Worker, Execution, "no such image"),
        ["w.finished"] = new ExecutionFinished(Key, Worker, Execution, T0, T0.AddSeconds(3), 3,
            123_456_789_012, 2048, 137, Final, true),
        ["w.finished/unknown-exit"] = new ExecutionFinished(Key, Worker, Execution, T0, T0, 0, 0, 0,
            null, null, false),
        ["w.finished/no-times"] = new ExecutionFinished(Key, Worker, Execution, T0, T0.AddSeconds(1), 1,
            0, 0, -1, FinalWithoutTimes, false),
        ["cmd.state"] = new SetActorState(Key, Json("""{"count": 4, "words": ["c"]}""")),
        ["cmd.state/number"] = new SetActorState(Key, Json("42")),
        ["cmd.halt"] = new HaltExecution(Key, Execution),
        ["cmd.purge"] = new PurgeMessages(Key),
        ["cmd.workers"] = new EnsureWorkers(Key, 3),
        ["cmd.stopworker"] = new StopWorkerRequest(Key, Worker),
        ["cmd.watch"] = new WatchExecution(Key, Execution),
        ["reply.workers"] = new WorkersScheduled(2, 1),
        ["reply.progress"] = new ExecutionProgress(Execution, true, false),
        ["w.halt"] = new HaltContainer(Execution),
        ["event.actor"] = new EventProtocol.ActorEventOccurred(Key, EventProtocol.ActorReady, T0, "my-alias",
            "https://hooks.example.org/abaco", "https://api.example.org", StatusMessage: " "),
        ["event.actor/execution"] = new EventProtocol.ActorEventOccurred(Key, EventProtocol.ExecutionComplete, T0, "",
            "https://hooks.example.org/abaco", "https://api.example.org", ExecutionId: Execution,
            ExecutionStatus: "COMPLETE", ExitCode: 0),
        ["w.result"] = new ResultAvailable(Key, Worker, Execution),
        ["w.held"] = new WorkerRequestHeld(Worker),
        ["admin.inspect"] = new AdminProtocol.InspectActor(Key),
        ["admin.inspection"] = new AdminProtocol.ActorInspection(Key.DbId, true, "Active", ActorStatus.Error,
            "akka.tcp://abaco@10.0.0.5:4053", 42, 3, ["vxweVD0YywkrB"],
            [new AdminProtocol.InspectedWorker(Worker.Value, "BUSY", "host-a", "akka.tcp://abaco@10.0.0.6:4053", "c0ffee",
                Execution.Value)], "Error: the image could not be pulled"),
        ["admin.describe"] = new AdminProtocol.DescribeNode(),
        ["admin.drain"] = new AdminProtocol.DrainSpawners(true),
        ["admin.node"] = new AdminProtocol.NodeDescription("akka.tcp://abaco@10.0.0.5:4053", "host-a", ["core", "spawner"],
            "1.0.0", [new AdminProtocol.SpawnerDescription("default", true, [Worker.Value], ["ZzzWorker1"])], 1, 120, 1),
        ["admin.entities"] = new AdminProtocol.ListEntities(),
        ["admin.placed"] = new AdminProtocol.NodeEntities("akka.tcp://abaco@10.0.0.5:4053",
            [new AdminProtocol.EntityPlacement("7", Key.DbId)]),
        ["admin.reconcile"] = new AdminProtocol.ReconcileContainers(false, [Worker.Value]),
        ["admin.reconciled"] = new AdminProtocol.ContainersReconciled("akka.tcp://abaco@10.0.0.5:4053",
            [new AdminProtocol.OrphanContainer("c0ffee", "abaco-x", Worker.Value, Key.DbId, "running")], null),
        ["ev.returned"] = new ExecutionReturned("vxweVD0YywkrB"),
        ["w.refused"] = new ExecutionRefused(Key, Worker, Execution, new ExecutionId("ygwO80z78NBPj")),
        ["w.finishack"] = new FinishAcknowledged(Execution),
        ["w.run/text-ref"] = new RunExecution(Actor, StrMessage.StoredApart(new MessageBodyRef("t1", 100_000, "cd"))),
        ["ev.queued/json-ref"] = new MessageQueued(JsonMessage.StoredApart(new MessageBodyRef("j1", 70_000, "ef"))),
        ["ev.queued/binary"] = new MessageQueued(new QueuedMessage("qQ0b1Nary", MessageKind.Binary,
            Convert.ToBase64String([0, 1, 2, 255, 254]), ImmutableDictionary<string, string>.Empty, "jdoe", T0)),
        ["ev.queued/binary-ref"] = new MessageQueued(new QueuedMessage("qQ0b1Nref", MessageKind.Binary, "",
            ImmutableDictionary<string, string>.Empty, "jdoe", T0)
        {
            BodyRef = new MessageBodyRef("3f2c9a0d7e6b4c1a9f8e7d6c5b4a3928", 52_428_800,
                "5b2f0e4c8a1d3b6e9f7a2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f"),
        }),
        ["w.run/binary-ref"] = new RunExecution(Actor, new QueuedMessage("qQ0b1Nref", MessageKind.Binary, "",
            ImmutableDictionary<string, string>.Empty, "jdoe", T0) { BodyRef = new MessageBodyRef("b1", 5, "ab") }),
    };

    public static string ManifestOf(string sampleName) => sampleName.Split('/')[0];
}
