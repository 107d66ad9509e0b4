using Abaco.Core.Actors;
using Abaco.Tests.Support;
using Abaco.Core.Executions;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;

namespace Abaco.Stores.Tests;

/// <summary>What only the store specs need beyond <see cref="Samples"/>: records with every field set, and sharing records.</summary>
internal static class StoreSamples
{
    /// <summary>An actor with every field set to something a lossy column would spoil (nested state, mounts, cron).</summary>
    public static ActorRecord FullActor(string tenant = "SD2E-DEV", string id = "AKeo3XGAGyRr") =>
        Samples.Actor(tenant, id, DomainSamples.FullDefinition) with
        {
            StatusMessage = "all good",
            State = Samples.Json("""{"count": 3, "words": ["a", "b"], "ratio": 0.25, "nested": {"deep": true}}"""),
            Mounts = [new MountSpec("/data/jdoe", "/work", "rw"), new MountSpec("/corral/projects", "/projects", "ro")],
            Revision = 3,
            CronNextEx = "2021-05-17T16:00:00",
            LastUpdateTime = Samples.T0.AddMinutes(5),
        };

    public static ExecutionRecord FinishedExecution(string tenant = "SD2E-DEV", string actorId = "AKeo3XGAGyRr",
        string id = "vxweVD0YywkrB") => Samples.Finished(Samples.Execution(tenant, actorId, id));

    /// <summary>A fresh actor nonce; <paramref name="maxUses"/> -1 is unlimited (remaining uses stay -1).</summary>
    public static NonceRecord ActorNonce(string tenant, string actorId, string id, int maxUses = 5) => new(
        id, tenant, $"{tenant}_{actorId}", null, "jdoe", ["Internal/everyone", "SD2E_Admin"], "https://api.example.org",
        PermissionLevel.Execute, maxUses, "for the pipeline", Samples.T0, null, 0, maxUses);

    public static NonceRecord AliasNonce(string tenant, string alias, string id, int maxUses = 5) =>
        ActorNonce(tenant, "unused", id, maxUses) with { ActorDbId = null, AliasId = $"{tenant}_{alias}", Level = PermissionLevel.Read };

    public static AliasRecord Alias(string tenant, string alias, string actorId) =>
        new(tenant, alias, actorId, "jdoe", "https://api.example.org");

    public static ActorConfigRecord Config(string tenant, string name, string value = "v", bool isSecret = false,
        string actors = "a1, my-alias") => new(tenant, name, value, isSecret, actors);
}
