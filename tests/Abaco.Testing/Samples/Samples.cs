using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Messages;
using Abaco.Core.Workers;

namespace Abaco.Testing;

/// <summary>
/// Realistic records with sensible defaults, so a spec names only what it is about: the identity as arguments, any
/// other field with <c>with { … }</c>. Every default is fixed (no clock, no random id), so two calls give equal records.
/// </summary>
public static class Samples
{
    /// <summary>The instant every sample happens at; specs add to it for later events.</summary>
    public static readonly DateTime T0 = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);

    public const string Tenant = "DEV";
    public const string ActorId = "AKeo3XGAGyRr";
    public const string ExecutionId = "vxweVD0YywkrB";
    public const string WorkerId = "ygwO80z78NBPj";
    public const string Owner = "jdoe";
    public const string ApiServer = "https://api.example.org";
    public const string Image = "abacosamples/test";

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>The members of a JSON object, as an actor's <c>default_environment</c> holds them.</summary>
    public static ImmutableDictionary<string, JsonElement> Environment(string json) =>
        Json(json).EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.Clone());

    /// <summary>What a registration with only an image gives (stateless, default queue, no limits).</summary>
    public static ActorDefinition Definition(string image = Image) => ActorDefinition.ForImage(image);

    /// <summary>A READY actor of <see cref="Owner"/> at revision 1, with empty state and no mounts.</summary>
    public static ActorRecord Actor(string tenant = Tenant, string id = ActorId, ActorDefinition? definition = null) =>
        new(tenant, id, Owner, ApiServer, definition ?? Definition(), ActorStatus.Ready, "", Json("{}"),
            ImmutableArray<MountSpec>.Empty, 1, null, T0, T0);

    /// <summary>A string message of <see cref="Owner"/> with no extra environment.</summary>
    public static QueuedMessage Message(string executionId = ExecutionId, string body = "hello",
        MessageKind kind = MessageKind.Str) =>
        new(executionId, kind, body, ImmutableDictionary<string, string>.Empty, Owner, T0);

    /// <summary>A SUBMITTED execution, not yet given to a worker.</summary>
    public static ExecutionRecord Execution(string tenant = Tenant, string actorId = ActorId, string id = ExecutionId,
        DateTime? received = null) =>
        new(id, tenant, actorId, ApiServer, Owner, null, ExecutionStatus.Submitted, "", received ?? T0,
            null, null, 0, 0, 0, null, null);

    /// <summary>
    /// <paramref name="execution"/> COMPLETE on <see cref="WorkerId"/>: ran from one to four seconds after it was
    /// received, killed for memory (exit code 137), with its accounting and final container state.
    /// </summary>
    public static ExecutionRecord Finished(ExecutionRecord execution)
    {
        var started = execution.MessageReceivedTime.AddSeconds(1);
        var finished = execution.MessageReceivedTime.AddSeconds(4);
        return execution with
        {
            WorkerId = WorkerId, Status = ExecutionStatus.Complete, StartTime = started, FinishTime = finished,
            Runtime = 3, Cpu = 123_456_789_012, Io = 2048, ExitCode = 137,
            FinalState = new FinalState("exited", false, false, false, true, false, 4242, 137, "OOM", started, finished),
        };
    }

    /// <summary>A READY worker of a local Docker engine with a started container.</summary>
    public static WorkerRecord Worker(string tenant = Tenant, string actorId = ActorId, string id = WorkerId,
        string hostId = "0") =>
        new(id, tenant, actorId, WorkerStatus.Ready, "abacosamples/wc:1.0", 3, "unix://var/run/docker.sock",
            "4f1c3b2a9d8e", hostId, "10.0.0.5", T0, null, null);
}
