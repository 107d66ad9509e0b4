using System.Collections.Frozen;
using System.Text.Json;
using Abaco.Core.Actors;
using Akka.Actor;
using Akka.Serialization;

namespace Abaco.Protocol.Serialization;

/// <summary>
/// One serializer for the whole protocol and the journal: System.Text.Json with short, stable manifests that never
/// depend on CLR type names, so renaming a class cannot orphan stored events.
/// </summary>
public sealed class AbacoSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 917;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = ProtocolNamingPolicy.Instance,
    };

    /// <summary>Manifest → type. Add new types at the end; never rename or reuse a manifest.</summary>
    public static readonly FrozenDictionary<string, Type> Types = new Dictionary<string, Type>
    {
        // journal: events and snapshots
        ["ev.registered"] = typeof(ActorRegistered),
        ["ev.updated"] = typeof(ActorUpdated),
        ["ev.status"] = typeof(ActorStatusChanged),
        ["ev.deleted"] = typeof(ActorDeleted),
        ["ev.queued"] = typeof(MessageQueued),
        ["ev.dispatched"] = typeof(ExecutionDispatched),
        ["ev.ended"] = typeof(ExecutionEnded),
        ["snap.actor"] = typeof(ActorEntityState),
        // gateway ↔ entity
        ["result"] = typeof(AbacoResult),
        ["cmd.register"] = typeof(ActorCommands.RegisterActor),
        ["cmd.update"] = typeof(ActorCommands.UpdateActor),
        ["cmd.delete"] = typeof(ActorCommands.DeleteActor),
        ["cmd.send"] = typeof(ActorCommands.SendMessage),
        ["cmd.wake"] = typeof(ActorCommands.Wake),
        ["reply.actor"] = typeof(ActorCommands.ActorReply),
        ["reply.accepted"] = typeof(ActorCommands.MessageAccepted),
        ["cmd.count"] = typeof(ActorCommands.GetMessageCount),
        ["reply.count"] = typeof(ActorCommands.MessageCount),
        // entity ↔ spawner ↔ worker
        ["w.start"] = typeof(WorkerProtocol.StartWorker),
        ["w.run"] = typeof(WorkerProtocol.RunExecution),
        ["w.stop"] = typeof(WorkerProtocol.StopWorker),
        ["w.identify"] = typeof(WorkerProtocol.IdentifyWorkers),
        ["w.status"] = typeof(WorkerProtocol.WorkerStatusReport),
        ["w.failed"] = typeof(WorkerProtocol.WorkerFailed),
        ["w.started"] = typeof(WorkerProtocol.ExecutionStarted),
        ["w.startfailed"] = typeof(WorkerProtocol.ExecutionFailedToStart),
        ["w.finished"] = typeof(WorkerProtocol.ExecutionFinished),
        // issue 3: state, halt, purge, workers, synchronous messages
        ["cmd.state"] = typeof(ActorCommands.SetActorState),
        ["cmd.halt"] = typeof(ActorCommands.HaltExecution),
        ["cmd.purge"] = typeof(ActorCommands.PurgeMessages),
        ["cmd.workers"] = typeof(ActorCommands.EnsureWorkers),
        ["cmd.stopworker"] = typeof(ActorCommands.StopWorkerRequest),
        ["cmd.watch"] = typeof(ActorCommands.WatchExecution),
        ["reply.workers"] = typeof(ActorCommands.WorkersScheduled),
        ["reply.progress"] = typeof(ActorCommands.ExecutionProgress),
        ["w.halt"] = typeof(WorkerProtocol.HaltContainer),
        ["w.result"] = typeof(WorkerProtocol.ResultAvailable),
        // issue 4: events
        ["event.actor"] = typeof(EventProtocol.ActorEventOccurred),
        // issue 13: the cluster
        ["w.held"] = typeof(WorkerProtocol.WorkerRequestHeld),
        // issue 15: the admin console
        ["admin.inspect"] = typeof(AdminProtocol.InspectActor),
        ["admin.inspection"] = typeof(AdminProtocol.ActorInspection),
        ["admin.describe"] = typeof(AdminProtocol.DescribeNode),
        ["admin.drain"] = typeof(AdminProtocol.DrainSpawners),
        ["admin.node"] = typeof(AdminProtocol.NodeDescription),
        ["admin.entities"] = typeof(AdminProtocol.ListEntities),
        ["admin.placed"] = typeof(AdminProtocol.NodeEntities),
        ["admin.reconcile"] = typeof(AdminProtocol.ReconcileContainers),
        ["admin.reconciled"] = typeof(AdminProtocol.ContainersReconciled),
        // issue 13: a dispatch refused by a busy worker goes back to the queue
        ["ev.returned"] = typeof(ExecutionReturned),
        ["w.refused"] = typeof(WorkerProtocol.ExecutionRefused),
        // issue 13: a finish report is repeated until the entity has journalled it
        ["w.finishack"] = typeof(WorkerProtocol.FinishAcknowledged),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> Manifests =
        Types.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no Abaco manifest; add it to {nameof(AbacoSerializer)}.Types.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options)!
            : throw new System.Runtime.Serialization.SerializationException($"Unknown Abaco manifest '{manifest}'.");
}
