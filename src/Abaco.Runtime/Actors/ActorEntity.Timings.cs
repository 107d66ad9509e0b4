namespace Abaco.Runtime.Actors;

public sealed partial class ActorEntity
{
    /// <summary>
    /// The entity's clocks, passed through <see cref="Props"/>: <see cref="Default"/> in production, shorter in specs.
    /// </summary>
    /// <param name="IdleGrace">How long an autoscaled worker may stay idle before it is stopped (the original: up to 5 s).</param>
    /// <param name="StuckShutdown">How long a worker asked to stop may take before it is forgotten (the original's health: 5 min).</param>
    /// <param name="WorkerStart">How long a requested worker may take to report before its spawner is asked whether it lives.</param>
    /// <param name="SpawnerProbe">How long that spawner has to answer.</param>
    /// <param name="ReconcileWindow">How long after recovery workers may claim executions before those are declared interrupted.</param>
    /// <param name="ClaimGrace">How much longer executions still unclaimed when that window closes wait for their workers
    /// (asked again) before they are declared interrupted.</param>
    /// <param name="WakeAfterJournalFailure">How long after a journal failure the stopped entity is woken again to recover.</param>
    /// <param name="RewriteDelay">How long after a refused store write it is tried again (the store has retried for a while already).</param>
    public sealed record Timings(TimeSpan IdleGrace, TimeSpan StuckShutdown, TimeSpan WorkerStart, TimeSpan SpawnerProbe,
        TimeSpan ReconcileWindow, TimeSpan ClaimGrace, TimeSpan WakeAfterJournalFailure, TimeSpan RewriteDelay)
    {
        public static readonly Timings Default = new(
            IdleGrace: TimeSpan.FromSeconds(5),
            StuckShutdown: TimeSpan.FromMinutes(5),
            WorkerStart: TimeSpan.FromMinutes(10),
            SpawnerProbe: TimeSpan.FromSeconds(10),
            ReconcileWindow: TimeSpan.FromSeconds(2),
            ClaimGrace: TimeSpan.FromSeconds(6),
            WakeAfterJournalFailure: TimeSpan.FromSeconds(3),
            RewriteDelay: TimeSpan.FromSeconds(5));
    }
}
