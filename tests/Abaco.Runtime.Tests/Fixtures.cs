using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Containers;
using Abaco.Core.Sharing;
using Abaco.Core.Workers;
using Abaco.Runtime.Workers;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

public static class Fixtures
{
    public const string DbId = "TEST_aBcDeFgHiJkL";

    /// <summary>The key of <see cref="DbId"/>, as messages carry it.</summary>
    public static readonly ActorKey Key = ActorKey.Parse(DbId);

    public static readonly AbacoSettings Settings = AbacoSettings.Defaults with
    {
        Node = AbacoSettings.Defaults.Node with
        {
            DataDir = Path.Combine(Path.GetTempPath(), "abaco-runtime-tests"),
        },
        Store = AbacoSettings.Defaults.Store with { SnapshotEvery = 3 },
    };

    public static WorkerServices Services(IContainerRuntime runtime, IAbacoStores stores) =>
        new(Settings, runtime, stores, new ReversedCipher(), TimeProvider.System);

    /// <summary>Stands in for Fernet: reversible, and obviously not the plaintext.</summary>
    public sealed class ReversedCipher : ISecretCipher
    {
        public string Encrypt(string plaintext) => "enc:" + new string(plaintext.Reverse().ToArray());

        public string Decrypt(string ciphertext) => new(ciphertext["enc:".Length..].Reverse().ToArray());
    }

    /// <summary>A one-node cluster (pub-sub needs the cluster provider) with in-memory persistence.</summary>
    public const string SingleNodeConfig = """
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = INFO
        """;

    public static void JoinItself(Akka.Actor.ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
    }

    /// <summary>
    /// A probe standing in for the node's spawner of the default queue: what entities send to the spawner's path
    /// through distributed pub-sub reaches it.
    /// </summary>
    public static TestProbe SpawnerProbe(TestKitBase kit, bool acknowledgeStarts = true)
    {
        var probe = kit.CreateTestProbe();
        var spawner = kit.Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref, acknowledgeStarts)),
            Actors.ActorEntity.SpawnerPath("default"));
        DistributedPubSub.Get(kit.Sys).Mediator.Tell(new Put(spawner), ActorRefs.NoSender);
        return probe;
    }

    /// <summary>Stands in for a spawner: acknowledges each start request (as a spawner does), and passes it on.</summary>
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to, bool acknowledgeStarts)
        {
            Receive<StartWorker>(start =>
            {
                if (acknowledgeStarts) Sender.Tell(new WorkerRequestHeld(start.WorkerId));
                to.Forward(start);
            });
            ReceiveAny(m => to.Forward(m));
        }
    }

    public static ActorRecord Actor(string image = "abaco/test-busybox") => new(
        "TEST", "aBcDeFgHiJkL", "owner", "http://api", ActorDefinition.ForImage(image), ActorStatus.Ready, "",
        JsonDocument.Parse("{}").RootElement.Clone(), [], 1, null, DateTime.UtcNow, DateTime.UtcNow);

    /// <summary>A client of worker <paramref name="workerId"/> of <see cref="Actor"/>.</summary>
    public static WorkerClientRecord Client(string workerId) =>
        WorkerClientRecord.New("TEST", "aBcDeFgHiJkL", workerId, "owner", DateTime.UtcNow);

    public static QueuedMessage Message(string executionId, string body = "hello") => new(executionId,
        MessageKind.Str, body, ImmutableDictionary<string, string>.Empty.Add("_abaco_execution_id", executionId),
        "tester", DateTime.UtcNow);
}
