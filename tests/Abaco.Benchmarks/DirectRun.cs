using System.Diagnostics;

namespace Abaco.Benchmarks;

/// <summary>
/// The baseline of <c>warm_added_p50_ms</c>: the image's command run directly inside a container of the image, each
/// run timed there from fork to wait4 (direct-run.c, built here with <c>gcc -static</c> and bound into the container
/// as its entrypoint), so neither Docker nor the node is in the figure.
/// </summary>
public static class DirectRun
{
    /// <summary><paramref name="runs"/> runs of <paramref name="command"/> in one fresh container of <paramref name="image"/>.</summary>
    public static async Task<List<TimeSpan>> TimeAsync(string image, IReadOnlyList<string> command, string message, int runs)
    {
        var directory = Directory.CreateTempSubdirectory("abaco-bench-direct-");
        try
        {
            var binary = Path.Combine(directory.FullName, "direct-run");
            await RunAsync("gcc", "-static", "-O2", "-o", binary, Path.Combine(AppContext.BaseDirectory, "direct-run.c"));
            var output = await RunAsync(["docker", "run", "--rm", "-e", $"MSG={message}", "-v", $"{binary}:/direct-run:ro",
                "--entrypoint", "/direct-run", image, runs.ToString(), "/direct-run.log", .. command]);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => TimeSpan.FromMicroseconds(long.Parse(line))).ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static async Task<string> RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(args[0], args[1..]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{args[0]} exited {process.ExitCode}");
    }
}
