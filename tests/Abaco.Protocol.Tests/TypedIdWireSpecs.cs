using System.Text;
using Abaco.Core.Ids;
using Abaco.Protocol.Serialization;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Protocol.Tests;

/// <summary>
/// The ids in messages were strings before they were typed. A message written in that form (by a node of the earlier
/// version, or kept in a journal) must read back, and a message written now must be the same bytes.
/// </summary>
public sealed class TypedIdWireSpecs(SerializerFixture fixture) : IClassFixture<SerializerFixture>
{
    private readonly AbacoSerializer _serializer = fixture.Serializer;

    private static readonly ActorKey Key = new("SD2E-DEV", new ActorId("AKeo3XGAGyRr"));
    private static readonly WorkerId Worker = new("ygwO80z78NBPj");
    private static readonly ExecutionId Execution = new("vxweVD0YywkrB");
    private static readonly DateTime T0 = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);

    /// <summary>Each message as the string-id version wrote it, with the typed message it stands for.</summary>
    public static TheoryData<string, string> StringForms => new()
    {
        { "cmd.stopworker", """{"db_id":"SD2E-DEV_AKeo3XGAGyRr","worker_id":"ygwO80z78NBPj"}""" },
        { "cmd.watch", """{"db_id":"SD2E-DEV_AKeo3XGAGyRr","execution_id":"vxweVD0YywkrB"}""" },
        { "w.status", """{"db_id":"SD2E-DEV_AKeo3XGAGyRr","worker_id":"ygwO80z78NBPj","status":"BUSY","revision":3,"current_execution_id":"vxweVD0YywkrB","host_id":"host-1","host_ip":"10.0.0.5","location":"unix://var/run/docker.sock"}""" },
        { "w.status/idle", """{"db_id":"SD2E-DEV_AKeo3XGAGyRr","worker_id":"ygwO80z78NBPj","status":"READY","revision":3,"current_execution_id":null,"host_id":"host-1","host_ip":"10.0.0.5","location":"unix://var/run/docker.sock"}""" },
        { "w.start", """{"db_id":"my_odd-tenant_x_DlzypRjPkkWV","worker_id":"ygwO80z78NBPj","image":"abacosamples/wc:1.0","revision":3}""" },
        { "reply.accepted", """{"execution_id":"vxweVD0YywkrB","pending_messages":2}""" },
        { "event.actor", """{"db_id":"SD2E-DEV_AKeo3XGAGyRr","event_type":"EXECUTION_COMPLETE","time":"2021-05-17T15:53:57.088Z","link":"","webhook":"https://hooks.example.org/abaco","api_server":"https://api.example.org","status_message":null,"execution_id":"vxweVD0YywkrB","execution_status":"COMPLETE","exit_code":0}""" },
        { "event.actor/no-execution", """{"db_id":"SD2E-DEV_AKeo3XGAGyRr","event_type":"ACTOR_READY","time":"2021-05-17T15:53:57.088Z","link":"my-alias","webhook":"","api_server":"https://api.example.org","status_message":" ","execution_id":null,"execution_status":null,"exit_code":null}""" },
    };

    private static readonly IReadOnlyDictionary<string, object> Typed = new Dictionary<string, object>
    {
        ["cmd.stopworker"] = new StopWorkerRequest(Key, Worker),
        ["cmd.watch"] = new WatchExecution(Key, Execution),
        ["w.status"] = new WorkerStatusReport(Key, Worker, "BUSY", 3, Execution, "host-1", "10.0.0.5",
            "unix://var/run/docker.sock"),
        ["w.status/idle"] = new WorkerStatusReport(Key, Worker, "READY", 3, null, "host-1", "10.0.0.5",
            "unix://var/run/docker.sock"),
        ["w.start"] = new StartWorker(new ActorKey("my_odd-tenant_x", new ActorId("DlzypRjPkkWV")), Worker,
            "abacosamples/wc:1.0", 3),
        ["reply.accepted"] = new MessageAccepted(Execution, 2),
        ["event.actor"] = new EventProtocol.ActorEventOccurred(Key, EventProtocol.ExecutionComplete, T0, "",
            "https://hooks.example.org/abaco", "https://api.example.org", ExecutionId: Execution,
            ExecutionStatus: "COMPLETE", ExitCode: 0),
        ["event.actor/no-execution"] = new EventProtocol.ActorEventOccurred(Key, EventProtocol.ActorReady, T0,
            "my-alias", "", "https://api.example.org", StatusMessage: " "),
    };

    [Theory(DisplayName = "A message written with string ids reads as the typed message")]
    [MemberData(nameof(StringForms))]
    public void String_form_reads(string sample, string json)
    {
        var read = _serializer.FromBinary(Encoding.UTF8.GetBytes(json), ProtocolSamples.ManifestOf(sample));

        Assert.Equal(Typed[sample], read);
    }

    [Theory(DisplayName = "A typed message is written byte for byte as its string-id form")]
    [MemberData(nameof(StringForms))]
    public void Typed_message_writes_the_string_form(string sample, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(_serializer.ToBinary(Typed[sample])));
    }

    [Fact(DisplayName = "A message routed to an entity names it by the db id of its key")]
    public void Routing_key_is_the_db_id()
    {
        IWithActorKey command = new SendMessage(Key, ProtocolSamples.JsonMessage);

        Assert.Equal("SD2E-DEV_AKeo3XGAGyRr", command.ActorKey.DbId);
    }

    [Fact(DisplayName = "A message whose db id is not <tenant>_<id> is refused, naming the value")]
    public void Malformed_db_id_is_refused()
    {
        var bytes = """{"db_id":"nounderscore","worker_id":"w1"}"""u8.ToArray();

        var error = Assert.ThrowsAny<Exception>(() => _serializer.FromBinary(bytes, "cmd.stopworker"));
        Assert.Contains("nounderscore", error.ToString());
    }

    [Fact(DisplayName = "A journalled actor written before ids were typed (its key an object) recovers unchanged")]
    public void Journalled_actor_with_the_old_key_form_recovers()
    {
        var current = _serializer.ToBinary(ProtocolSamples.All["ev.registered"]);
        var node = System.Text.Json.Nodes.JsonNode.Parse(current)!;
        var actor = node["actor"]!.AsObject();
        Assert.Equal("SD2E-DEV_AKeo3XGAGyRr", (string?)actor["key"]);
        actor["key"] = System.Text.Json.Nodes.JsonNode.Parse("""{"tenant":"SD2E-DEV","id":{"value":"AKeo3XGAGyRr"}}""");

        var recovered = _serializer.FromBinary(Encoding.UTF8.GetBytes(node.ToJsonString()), "ev.registered");

        Assert.Equal(current, _serializer.ToBinary(recovered));
    }
}
