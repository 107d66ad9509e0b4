using System.Diagnostics;

namespace Abaco.Testing.Faults;

/// <summary>What an operator (or another program) does to Docker behind the node's back, through the docker CLI.</summary>
public static class DockerCli
{
    /// <summary>The id of the container running an execution (by its <c>abaco.execution_id</c> label), or null.</summary>
    public static async Task<string?> ContainerOfExecutionAsync(string executionId) =>
        (await Docker.ContainerIdsAsync($"abaco.execution_id={executionId}")).FirstOrDefault();

    public static Task KillAsync(string containerId) => RunAsync("kill", containerId);

    public static Task RemoveAsync(string containerId) => RunAsync("rm", "-f", containerId);

    /// <summary>Another name for an image; deleting the name later deletes nothing else.</summary>
    public static Task TagAsync(string image, string name) => RunAsync("tag", image, name);

    public static Task RemoveImageAsync(string name) => RunAsync("rmi", name);

    private static Task RunAsync(params string[] args) => OutputAsync(args);

    /// <summary>Runs the docker CLI to its end and returns what it printed; fails with its error output.</summary>
    public static async Task<string> OutputAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return stdout;
    }
}
