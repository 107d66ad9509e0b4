using System.Collections.Concurrent;
using Abaco.Containers;
using Abaco.Core.Executions;

namespace Abaco.Runtime.Tests;

/// <summary>
/// A container runtime for actor unit tests: each call completes when the test says so, so a spec can hold the
/// worker in any state. (The real runtime is covered against Docker in Abaco.Containers.Tests and end to end.)
/// </summary>
public sealed class ScriptedContainerRuntime : IContainerRuntime
{
    public TaskCompletionSource Image { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<ContainerSpec> Started { get; } = new();
    public ConcurrentQueue<string> Removed { get; } = new();
    public Func<ContainerSpec, Task<StartedContainer>> OnStart { get; set; } =
        spec => Task.FromResult(new StartedContainer($"cid-{spec.Name}", spec.Name, DateTime.UtcNow));
    /// <summary>Containers being waited on; complete <c>Exit</c> to make one exit.</summary>
    public ConcurrentQueue<(StartedContainer Container, TaskCompletionSource<ContainerOutcome> Exit)> Waiting { get; } = new();

    public Task EnsureImageAsync(string image, CancellationToken ct) => Image.Task;

    public Task<StartedContainer> StartAsync(ContainerSpec spec, CancellationToken ct)
    {
        Started.Enqueue(spec);
        return OnStart(spec);
    }

    public Task<ContainerOutcome> WaitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt)
    {
        var exit = new TaskCompletionSource<ContainerOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        halt.Register(() => exit.TrySetResult(Outcome(container, 137, "halted", stopped: true)));
        Waiting.Enqueue((container, exit));
        return exit.Task;
    }

    /// <summary>Containers whose logs are followed, with the sink the worker gave: call it to "print" live logs.</summary>
    public ConcurrentQueue<(string ContainerId, Func<string, Task> OnLogs)> Followed { get; } = new();

    public Task FollowLogsAsync(string containerId, Func<string, Task> onLogs, TimeSpan interval, CancellationToken ct)
    {
        Followed.Enqueue((containerId, onLogs));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ct.Register(() => done.TrySetResult());
        return done.Task;
    }

    public Task RemoveAsync(string containerId, CancellationToken ct)
    {
        Removed.Enqueue(containerId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ManagedContainer>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ManagedContainer>>([]);

    public static ContainerOutcome Outcome(StartedContainer container, long exitCode, string logs, bool stopped = false)
    {
        var finish = container.StartTime.AddSeconds(2);
        return new ContainerOutcome(exitCode, container.StartTime, finish, logs, 1234, 0,
            new FinalState("exited", false, false, false, false, false, 0, exitCode, "", container.StartTime, finish),
            stopped);
    }
}
