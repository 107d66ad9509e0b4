using Akka.Actor;
using Akka.Event;

namespace Abaco.Runtime.Actors;

/// <summary>
/// The entity's timers, keyed by what they are for (and the worker or execution they concern): starting a timer
/// replaces the one with the same key, so each concern has at most one pending.
/// </summary>
public sealed partial class ActorEntity
{
    private enum TimerKind { Reconcile, Claims, Delete, Cron, WorkerStart, Idle, Stuck, RewriteExecution, RewriteActor }

    private sealed record TimerKey(TimerKind Kind, string? Id = null)
    {
        public static readonly TimerKey Reconcile = new(TimerKind.Reconcile);
        public static readonly TimerKey Claims = new(TimerKind.Claims);
        public static readonly TimerKey Delete = new(TimerKind.Delete);
        public static readonly TimerKey Cron = new(TimerKind.Cron);
        public static readonly TimerKey RewriteActor = new(TimerKind.RewriteActor);

        /// <summary>A requested worker's start, then its spawner's answer to the probe.</summary>
        public static TimerKey WorkerStart(string workerId) => new(TimerKind.WorkerStart, workerId);

        public static TimerKey Idle(string workerId) => new(TimerKind.Idle, workerId);

        public static TimerKey Stuck(string workerId) => new(TimerKind.Stuck, workerId);

        public static TimerKey RewriteExecution(string executionId) => new(TimerKind.RewriteExecution, executionId);
    }

    private sealed class ReconcileDone : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly ReconcileDone Instance = new();
    }

    private sealed record WorkerStartTimedOut(string WorkerId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record WorkerRequestUnacknowledged(string WorkerId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record SpawnerProbeTimedOut(string WorkerId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record IdleCheck(string WorkerId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record StuckShutdown(string WorkerId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed class CronDue : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly CronDue Instance = new();
    }
}
