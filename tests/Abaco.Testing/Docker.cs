using System.Diagnostics;

namespace Abaco.Testing;

/// <summary>The docker CLI, to look at what a node left behind the way an operator would.</summary>
public static class Docker
{
    public static async Task<string[]> ContainerIdsAsync(string labelFilter)
    {
        var output = await RunAsync("ps", "-aq", "--filter", $"label={labelFilter}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task RemoveContainersAsync(string labelFilter)
    {
        foreach (var id in await ContainerIdsAsync(labelFilter)) await RunAsync("rm", "-f", id);
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return output;
    }
}
