using System.Diagnostics;
using Abaco.Testing;

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
            var binary = await BuildAsync(directory);
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

    /// <summary>
    /// The machine's ceiling for <paramref name="command"/>: <paramref name="containers"/> fresh containers of
    /// <paramref name="image"/> at once, each running it one run after the other, flat out, for
    /// <paramref name="duration"/> (direct-run.c --flat: they start together once all are up). Runs per second over
    /// the window from the first run's fork to the last run's end, neither Docker nor the node in it.
    /// </summary>
    public static async Task<double> CeilingAsync(string image, IReadOnlyList<string> command, string message,
        int containers, TimeSpan duration)
    {
        var directory = Directory.CreateTempSubdirectory("abaco-bench-direct-");
        try
        {
            var binary = await BuildAsync(directory);
            var gate = directory.CreateSubdirectory("gate");
            var runs = Enumerable.Range(0, containers).Select(_ => RunAsync(["docker", "run", "--rm", "-e", $"MSG={message}",
                "-v", $"{binary}:/direct-run:ro", "-v", $"{gate.FullName}:/gate", "--entrypoint", "/direct-run", image,
                "--flat", "/gate", ((long)duration.TotalMilliseconds).ToString(), "/direct-run.log", .. command])).ToList();
            await Eventually.TrueAsync(() => Task.FromResult(gate.GetFiles("ready.*").Length >= containers),
                TimeSpan.FromMinutes(2), $"{containers} direct-run containers");
            await File.WriteAllTextAsync(Path.Combine(gate.FullName, "go"), "");
            return FlatRate(await Task.WhenAll(runs));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Runs per second from lines "runs first-start last-end" (µs of one clock), over the whole window.</summary>
    internal static double FlatRate(IEnumerable<string> outputs)
    {
        var lines = outputs.Select(o => o.Trim().Split(' ').Select(long.Parse).ToArray()).ToList();
        var window = TimeSpan.FromMicroseconds(lines.Max(l => l[2]) - lines.Min(l => l[1]));
        return lines.Sum(l => l[0]) / window.TotalSeconds;
    }

    private static async Task<string> BuildAsync(DirectoryInfo directory)
    {
        var binary = Path.Combine(directory.FullName, "direct-run");
        await RunAsync("gcc", "-static", "-O2", "-o", binary, Path.Combine(AppContext.BaseDirectory, "direct-run.c"));
        return binary;
    }

    internal static async Task<string> RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(args[0], args[1..]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{args[0]} exited {process.ExitCode}");
    }
}
