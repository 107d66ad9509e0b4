using Abaco.Core.Actors;
using Abaco.Core.Settings;

namespace Abaco.Core.Workers;

/// <summary>
/// How many workers an actor keeps and for how long an idle one lives, from its definition and the settings.
/// </summary>
/// <param name="Autoscaled">Stateless actors follow their queue when <c>workers.autoscaling</c> is on; stateful ones never do.</param>
/// <param name="MaxWorkers">The actor's <c>max_workers</c>, else <c>spawner.max_workers_per_actor</c>.</param>
/// <param name="IdleGrace">How long an autoscaled worker may stay idle before it is stopped.</param>
/// <param name="WorkerTtl"><c>workers.worker_ttl</c> for every actor; null when negative (no TTL).</param>
/// <param name="SyncKeepWarm">With the <c>sync</c> hint, <c>workers.sync_max_idle_time</c>: how long the most recently
/// active worker is kept when all are idle; null without the hint.</param>
public sealed record ScalingPolicy(bool Autoscaled, int MaxWorkers, TimeSpan IdleGrace, TimeSpan? WorkerTtl,
    TimeSpan? SyncKeepWarm)
{
    public static ScalingPolicy For(ActorDefinition definition, WorkerSettings workers, SpawnerSettings spawner,
        TimeSpan idleGrace) => new(
        Autoscaled: workers.Autoscaling && definition.Stateless,
        MaxWorkers: definition.MaxWorkers is > 0 and var max ? max : Math.Max(1, spawner.MaxWorkersPerActor),
        IdleGrace: idleGrace,
        WorkerTtl: workers.WorkerTtl >= 0 ? TimeSpan.FromSeconds(workers.WorkerTtl) : null,
        SyncKeepWarm: definition.Hints.Contains("sync", StringComparer.OrdinalIgnoreCase)
            ? TimeSpan.FromSeconds(workers.SyncMaxIdleTime)
            : null);
}
