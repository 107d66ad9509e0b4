using Abaco.Containers;

namespace Abaco.Runtime.Workers;

/// <summary>
/// How a warm worker's long-lived container differs from an execution's container: the same image, user, mounts and
/// limits, but the runner as its entrypoint, the worker's IPC directory bound at <see cref="IpcPath"/> instead of one
/// execution's socket and FIFO, no execution's environment and no execution label.
/// </summary>
public static class WarmContainerSpecs
{
    public const string RunnerPath = "/_abaco_warm_runner";
    public const string IpcPath = "/_abaco_ipc";
    public const string RunnerSocketName = "runner.sock";

    /// <param name="execution">The spec the first execution would have had as a cold container.</param>
    public static ContainerSpec From(ContainerSpec execution, string actorDbId, string workerId, string runnerHostPath,
        string ipcDirectory)
    {
        var mounts = execution.Mounts
            .Where(m => m.ContainerPath is not (ContainerSpecs.ResultsSocketPath or ContainerSpecs.BinaryDataPath))
            .Append(new ContainerMount(runnerHostPath, RunnerPath, ReadOnly: true))
            .Append(new ContainerMount(ipcDirectory, IpcPath, ReadOnly: false))
            .ToList();
        return execution with
        {
            Name = ContainerSpecs.Name(actorDbId, $"warm_{workerId}"),
            Environment = new Dictionary<string, string>(),
            Labels = execution.Labels.Where(l => l.Key != ContainerSpecs.ExecutionLabel).ToDictionary(),
            Mounts = mounts,
            Entrypoint = [RunnerPath],
            Command = [$"{IpcPath}/{RunnerSocketName}"],
        };
    }

    /// <summary>An execution's file in the IPC directory, as the container sees it.</summary>
    public static string InContainer(string hostPath) => $"{IpcPath}/{Path.GetFileName(hostPath)}";
}
