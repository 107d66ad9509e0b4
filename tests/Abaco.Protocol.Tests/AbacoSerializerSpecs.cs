using System.Runtime.Serialization;
using System.Text;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Protocol.Serialization;
using Abaco.Tests.Support;
using Akka.Actor;

namespace Abaco.Protocol.Tests;

/// <summary>An ActorSystem only to construct the serializer with (it takes an ExtendedActorSystem).</summary>
public sealed class SerializerFixture : IAsyncLifetime
{
    public ActorSystem System { get; } = ActorSystem.Create("serializer-specs");

    public AbacoSerializer Serializer => new((ExtendedActorSystem)System);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => System.Terminate();
}

public sealed class AbacoSerializerSpecs(SerializerFixture fixture) : IClassFixture<SerializerFixture>
{
    private readonly AbacoSerializer _serializer = fixture.Serializer;

    public static TheoryData<string> SampleNames => new(ProtocolSamples.All.Keys.Order(StringComparer.Ordinal));

    [Theory(DisplayName = "Every protocol type round-trips through ToBinary, Manifest and FromBinary")]
    [MemberData(nameof(SampleNames))]
    public void Round_trip(string sampleName)
    {
        var sample = ProtocolSamples.All[sampleName];

        var manifest = _serializer.Manifest(sample);
        var bytes = _serializer.ToBinary(sample);
        var back = _serializer.FromBinary(bytes, manifest);

        Assert.Equal(ProtocolSamples.ManifestOf(sampleName), manifest);
        Assert.IsType(sample.GetType(), back);
        DeepAssert.Equal(sample, back);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(_serializer.ToBinary(back)));
    }

    [Theory(DisplayName = "Serialized forms never carry CLR type names")]
    [MemberData(nameof(SampleNames))]
    public void No_type_names(string sampleName)
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(ProtocolSamples.All[sampleName]));

        Assert.DoesNotContain("Abaco.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "There is a sample for every type in AbacoSerializer.Types")]
    public void Every_type_has_a_sample()
    {
        var sampled = ProtocolSamples.All.Values.Select(s => s.GetType()).ToHashSet();

        Assert.Empty(AbacoSerializer.Types.Values.Where(t => !sampled.Contains(t)).Select(t => t.FullName));
    }

    [Fact(DisplayName = "Every protocol member and every actor event has a manifest")]
    public void Every_protocol_type_is_registered()
    {
        var concrete = typeof(IAbacoProtocolMember).Assembly.GetTypes()
            .Concat(typeof(IActorEvent).Assembly.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false }
                        && (typeof(IAbacoProtocolMember).IsAssignableFrom(t) || typeof(IActorEvent).IsAssignableFrom(t)));

        Assert.Empty(concrete.Where(t => !AbacoSerializer.Types.Values.Contains(t)).Select(t => t.FullName));
    }

    [Fact(DisplayName = "Manifests are unique per type, short and plain ASCII")]
    public void Manifests_are_unique_and_short()
    {
        Assert.Equal(AbacoSerializer.Types.Count, AbacoSerializer.Types.Values.Distinct().Count());
        Assert.All(AbacoSerializer.Types.Keys, manifest =>
        {
            Assert.InRange(manifest.Length, 1, 16);
            Assert.Matches("^[a-z][a-z.]*$", manifest);
        });
    }

    [Fact(DisplayName = "The journal's manifests never change: events and snapshots keep their names")]
    public void Journal_manifests_are_stable()
    {
        var journal = new Dictionary<string, Type>
        {
            ["ev.registered"] = typeof(ActorRegistered),
            ["ev.updated"] = typeof(ActorUpdated),
            ["ev.status"] = typeof(ActorStatusChanged),
            ["ev.deleted"] = typeof(ActorDeleted),
            ["ev.queued"] = typeof(MessageQueued),
            ["ev.dispatched"] = typeof(ExecutionDispatched),
            ["ev.ended"] = typeof(ExecutionEnded),
            ["ev.returned"] = typeof(ExecutionReturned),
            ["snap.actor"] = typeof(ActorEntityState),
        };

        Assert.All(journal, entry => Assert.Equal(entry.Value, AbacoSerializer.Types[entry.Key]));
    }

    [Fact(DisplayName = "The serializer id is outside Akka's reserved range 0-100")]
    public void Identifier_is_outside_the_reserved_range()
    {
        Assert.Equal(AbacoSerializer.Id, _serializer.Identifier);
        Assert.True(_serializer.Identifier > 100);
    }

    [Fact(DisplayName = "An unknown manifest throws a SerializationException naming it")]
    public void Unknown_manifest_throws()
    {
        var bytes = _serializer.ToBinary(new ExecutionEnded("e1", "COMPLETE"));

        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "ev.nope"));
        Assert.Contains("ev.nope", error.Message);
    }

    [Fact(DisplayName = "A type without a manifest cannot be serialized by mistake")]
    public void Unregistered_type_has_no_manifest()
    {
        var error = Assert.Throws<ArgumentException>(() => _serializer.Manifest(new Version(1, 2)));
        Assert.Contains(nameof(Version), error.Message);
    }

    [Fact(DisplayName = "Fields are written in snake_case, as in a stored row")]
    public void Snake_case_fields()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(new ActorCommands.MessageAccepted(new ExecutionId("e1"), 3)));

        Assert.Equal("""{"execution_id":"e1","pending_messages":3}""", json);
    }

    [Fact(DisplayName = "Journal rows written today still read: an ExecutionEnded event from its stored JSON")]
    public void Stored_event_reads()
    {
        var stored = """{"execution_id":"vxweVD0YywkrB","status":"ERROR"}"""u8.ToArray();

        var evt = Assert.IsType<ExecutionEnded>(_serializer.FromBinary(stored, "ev.ended"));

        Assert.Equal(new ExecutionEnded("vxweVD0YywkrB", "ERROR"), evt);
    }

    [Fact(DisplayName = "Actors and commands written before owner roles were kept read with none (update: keep the stored ones)")]
    public void Missing_owner_roles()
    {
        static byte[] Without(byte[] json, string field)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
            var holder = node["actor"]?.AsObject() ?? node.AsObject();
            Assert.True(holder.Remove(field));
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        var registered = _serializer.ToBinary(ProtocolSamples.All["ev.registered/owner-roles"]);
        var register = _serializer.ToBinary(ProtocolSamples.All["cmd.register/owner-roles"]);
        var update = _serializer.ToBinary(ProtocolSamples.All["cmd.update/owner-roles"]);

        var evt = Assert.IsType<ActorRegistered>(_serializer.FromBinary(Without(registered, "owner_roles"), "ev.registered"));
        var cmd = Assert.IsType<ActorCommands.RegisterActor>(_serializer.FromBinary(Without(register, "owner_roles"), "cmd.register"));
        var upd = Assert.IsType<ActorCommands.UpdateActor>(_serializer.FromBinary(Without(update, "owner_roles"), "cmd.update"));

        Assert.Empty(evt.Actor.OwnerRoles);
        Assert.Empty(cmd.OwnerRoles);
        Assert.Null(upd.OwnerRoles);
    }

    [Fact(DisplayName = "A binary message travels as a body reference only; one journalled with its bytes (base64) still reads them")]
    public void Binary_message_by_reference()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(ProtocolSamples.All["ev.queued/binary-ref"]));
        Assert.Contains("\"body_ref\":{\"id\":\"3f2c9a0d7e6b4c1a9f8e7d6c5b4a3928\",\"length\":52428800", json);
        Assert.Contains("\"body\":\"\"", json);

        // A journal row of an earlier version: no body_ref, the bytes base64 in body.
        var stored = """{"message":{"execution_id":"e1","kind":2,"body":"AAEC//4=","environment":{},"executor":"jdoe","received_time":"2026-01-01T00:00:00Z"}}"""u8.ToArray();
        var old = Assert.IsType<MessageQueued>(_serializer.FromBinary(stored, "ev.queued")).Message;

        Assert.True(old.IsBinary);
        Assert.Null(old.BodyRef);
        Assert.Equal(new byte[] { 0, 1, 2, 255, 254 }, old.BinaryBody());
    }

    [Fact(DisplayName = "A deserialized snapshot keeps the queue order and the running executions")]
    public void Snapshot_keeps_queue_order()
    {
        var state = ProtocolSamples.EntityState();

        var back = (ActorEntityState)_serializer.FromBinary(_serializer.ToBinary(state), "snap.actor");

        Assert.Equal(state.Pending.Select(m => m.ExecutionId), back.Pending.Select(m => m.ExecutionId));
        Assert.Equal(["vxweVD0YywkrB"], back.Running.Keys);
        Assert.Equal("ygwO80z78NBPj", back.Running["vxweVD0YywkrB"].WorkerId);
        Assert.True(back.Exists);
    }

    [Fact(DisplayName = "A snapshot keeps the recently accepted execution ids; one taken before they existed reads as none")]
    public void Snapshot_keeps_recently_accepted()
    {
        var state = ProtocolSamples.EntityState();
        var bytes = _serializer.ToBinary(state);

        var back = (ActorEntityState)_serializer.FromBinary(bytes, "snap.actor");
        var older = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
        Assert.True(older.Remove("recently_accepted"));
        var fromOlder = (ActorEntityState)_serializer.FromBinary(Encoding.UTF8.GetBytes(older.ToJsonString()), "snap.actor");

        Assert.Equal(state.RecentlyAccepted, back.RecentlyAccepted);
        Assert.Equal(3, back.RecentlyAccepted.Count);
        Assert.Empty(fromOlder.RecentlyAccepted);
        Assert.True(fromOlder.HasAccepted(ProtocolSamples.StrMessage.ExecutionId));
    }
}
