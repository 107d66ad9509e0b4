using Abaco.Containers;
using Akka.Actor;
using Akka.Event;
using WorkerClientRecord = Abaco.Core.Workers.WorkerClientRecord;

namespace Abaco.Runtime.Workers;

/// <summary>What the worker tells itself: steps of its set-up and of an execution, piped back from async work.</summary>
public sealed partial class WorkerActor
{
    private sealed class Setup : INoSerializationVerificationNeeded
    {
        public static readonly Setup Instance = new();
    }

    private sealed class ImageReady : INoSerializationVerificationNeeded
    {
        public static readonly ImageReady Instance = new();
    }

    private sealed record ImageFailed(string Reason) : INoSerializationVerificationNeeded;

    private sealed class ContainerConfigReady : INoSerializationVerificationNeeded
    {
        public static readonly ContainerConfigReady Instance = new();
    }

    private sealed record Prepared(string ExecutionId, ContainerSpec Spec, ExecutionIpc Ipc, WorkerClientRecord? Client)
        : INoSerializationVerificationNeeded;

    private sealed record ContainerStarted(string ExecutionId, StartedContainer Container) : INoSerializationVerificationNeeded;

    private sealed record ContainerStartFailed(string ExecutionId, string Reason) : INoSerializationVerificationNeeded;

    private sealed record ContainerExited(string ExecutionId, StartedContainer Container, ContainerOutcome Outcome)
        : INoSerializationVerificationNeeded
    {
        /// <summary>Why the warm container the execution ran in broke; the execution then ends ERROR.</summary>
        public string? Broken { get; init; }

        /// <summary>A warm execution that ended: when it was requested (monotonic clock) and how the runner answered.</summary>
        public (long Requested, Abaco.Containers.Warm.WarmOutcome Outcome)? Warm { get; init; }
    }

    private sealed record LogsSaved(ContainerExited Exited, string? Error) : INoSerializationVerificationNeeded;

    /// <summary>A clean-up the worker did not wait for (removing a container, closing an execution's IPC) ended.</summary>
    private sealed record CleanedUp(string What, string? Error) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}
