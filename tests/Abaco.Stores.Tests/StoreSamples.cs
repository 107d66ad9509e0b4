using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Tests.Support;
using Abaco.Core.Executions;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Core.Workers;

namespace Abaco.Stores.Tests;

internal static class StoreSamples
{
    public static readonly DateTime T0 = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static readonly ActorDefinition FullDefinition = DomainSamples.FullDefinition;

    public static ActorRecord FullActor(string tenant = "SD2E-DEV", string id = "AKeo3XGAGyRr") => new(
        tenant, id, "jdoe", "https://api.example.org", FullDefinition, ActorStatus.Ready, "all good",
        Json("""{"count": 3, "words": ["a", "b"], "ratio": 0.25, "nested": {"deep": true}}"""),
        [new MountSpec("/data/jdoe", "/work", "rw"), new MountSpec("/corral/projects", "/projects", "ro")],
        3, "2021-05-17T16:00:00", T0, T0.AddMinutes(5));

    public static ActorRecord Actor(string tenant, string id) => new(
        tenant, id, "anonymous", "http://localhost:8000", ActorDefinition.ForImage("abacosamples/test"),
        ActorStatus.Submitted, "", Json("{}"), ImmutableArray<MountSpec>.Empty, 1, null, T0, T0);

    public static ExecutionRecord Execution(string tenant, string actorId, string id, DateTime received) => new(
        id, tenant, actorId, "https://api.example.org", "jdoe", null, ExecutionStatus.Submitted, "", received,
        null, null, 0, 0, 0, null, null);

    public static ExecutionRecord FinishedExecution(string tenant = "SD2E-DEV", string actorId = "AKeo3XGAGyRr",
        string id = "vxweVD0YywkrB") => new(
        id, tenant, actorId, "https://api.example.org", "jdoe", "ygwO80z78NBPj", ExecutionStatus.Complete, "", T0,
        T0.AddSeconds(1), T0.AddSeconds(4), 3, 123_456_789_012, 2048, 137,
        new FinalState("exited", false, false, false, true, false, 4242, 137, "OOM", T0.AddSeconds(1), T0.AddSeconds(4)));

    public static WorkerRecord Worker(string tenant, string actorId, string id, string hostId) => new(
        id, tenant, actorId, WorkerStatus.Ready, "abacosamples/wc:1.0", 3, "unix://var/run/docker.sock",
        "4f1c3b2a9d8e", hostId, "10.0.0.5", T0, null, null);

    /// <summary>A fresh actor nonce; <paramref name="maxUses"/> -1 is unlimited (remaining uses stay -1).</summary>
    public static NonceRecord ActorNonce(string tenant, string actorId, string id, int maxUses = 5) => new(
        id, tenant, $"{tenant}_{actorId}", null, "jdoe", ["Internal/everyone", "SD2E_Admin"], "https://api.example.org",
        PermissionLevel.Execute, maxUses, "for the pipeline", T0, null, 0, maxUses);

    public static NonceRecord AliasNonce(string tenant, string alias, string id, int maxUses = 5) =>
        ActorNonce(tenant, "unused", id, maxUses) with { ActorDbId = null, AliasId = $"{tenant}_{alias}", Level = PermissionLevel.Read };

    public static AliasRecord Alias(string tenant, string alias, string actorId) =>
        new(tenant, alias, actorId, "jdoe", "https://api.example.org");

    public static ActorConfigRecord Config(string tenant, string name, string value = "v", bool isSecret = false,
        string actors = "a1, my-alias") => new(tenant, name, value, isSecret, actors);
}
