using System.Diagnostics;
using Abaco.Containers.Warm;
using Abaco.Testing;

namespace Abaco.Benchmarks;

/// <summary>
/// The warm runner without the node: a container of the image with the runner as its entrypoint, as a warm worker makes
/// it, driven from here by the worker's own client (<see cref="WarmExecution"/>) one execution at a time. Request →
/// exit answer here, against the worker's view and the direct run, separates the runner's share from the node's.
/// </summary>
public static class RunnerAlone
{
    /// <summary><paramref name="runs"/> executions of <paramref name="command"/>, each from the request to the exit answer.</summary>
    public static async Task<List<TimeSpan>> TimeAsync(string image, IReadOnlyList<string> command, string message, int runs)
    {
        var runner = Path.Combine(AbacoNode.RepoRoot, "artifacts", "warm-runner", "abaco-warm-runner");
        var ipc = Directory.CreateTempSubdirectory("abaco-bench-runner-");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ipc.FullName, UnixFileMode.StickyBit | (UnixFileMode)0b111_111_111);
        var container = (await DirectRun.RunAsync("docker", "run", "-d", "--rm", "-v", $"{ipc.FullName}:/_abaco_ipc",
            "-v", $"{runner}:/_abaco_warm_runner:ro", "--entrypoint", "/_abaco_warm_runner", image, "/_abaco_ipc/runner.sock")).Trim();
        try
        {
            var socket = Path.Combine(ipc.FullName, "runner.sock");
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(socket)), TimeSpan.FromSeconds(30), "the runner's socket");
            var times = new List<TimeSpan>();
            for (var i = 0; i <= runs; i++)
            {
                var request = new WarmRequest(command, new Dictionary<string, string> { ["MSG"] = message },
                    $"/_abaco_ipc/{i}.log", null, null, TimeSpan.FromSeconds(2));
                var watch = Stopwatch.StartNew();
                await using (var execution = await WarmExecution.StartAsync(socket, request, CancellationToken.None))
                    await execution.WaitAsync(null, CancellationToken.None);
                if (i > 0) times.Add(watch.Elapsed); // the first pages the runner and the command in
                File.Delete(Path.Combine(ipc.FullName, $"{i}.log"));
            }
            return times;
        }
        finally
        {
            await DirectRun.RunAsync("docker", "rm", "-f", container);
            ipc.Delete(recursive: true);
        }
    }
}
