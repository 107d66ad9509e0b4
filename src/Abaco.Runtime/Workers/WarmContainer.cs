namespace Abaco.Runtime.Workers;

/// <summary>
/// A warm worker's long-lived container: its id and name, the image it runs, the image's command (run per
/// execution), and the host paths of the worker's IPC directory and of the runner's socket in it.
/// </summary>
public sealed record WarmContainer(string ContainerId, string Name, string Image, IReadOnlyList<string> Command,
    string IpcDirectory, string RunnerSocket);
