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
        await using var runner = await Container.StartAsync(image);
        var times = new List<TimeSpan>();
        for (var i = 0; i <= runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await runner.RunAsync(command, message, i);
            if (i > 0) times.Add(watch.Elapsed); // the first pages the runner and the command in
        }
        return times;
    }

    /// <summary>
    /// What the runner can do at throughput: <paramref name="containers"/> runner containers at once, each driven by
    /// its own client here one execution after the other, flat out, for <paramref name="duration"/> (after one
    /// execution each, which pages the runner and the command in). Executions per second.
    /// </summary>
    public static async Task<double> CeilingAsync(string image, IReadOnlyList<string> command, string message,
        int containers, TimeSpan duration)
    {
        var runners = await Task.WhenAll(Enumerable.Range(0, containers).Select(_ => Container.StartAsync(image)));
        try
        {
            await Task.WhenAll(runners.Select(r => r.RunAsync(command, message, 0)));
            var watch = Stopwatch.StartNew();
            var counts = await Task.WhenAll(runners.Select(async r =>
            {
                var n = 0;
                while (watch.Elapsed < duration) await r.RunAsync(command, message, ++n);
                return n;
            }));
            return counts.Sum() / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var runner in runners) await runner.DisposeAsync();
        }
    }

    /// <summary>A container of the image with the runner as its entrypoint, as a warm worker makes it.</summary>
    private sealed class Container : IAsyncDisposable
    {
        private readonly string _id;
        private readonly DirectoryInfo _ipc;
        private readonly string _socket;

        private Container(string id, DirectoryInfo ipc)
        {
            (_id, _ipc) = (id, ipc);
            _socket = Path.Combine(ipc.FullName, "runner.sock");
        }

        public static async Task<Container> StartAsync(string image)
        {
            var runner = Path.Combine(AbacoNode.RepoRoot, "artifacts", "warm-runner", "abaco-warm-runner");
            var ipc = Directory.CreateTempSubdirectory("abaco-bench-runner-");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ipc.FullName, UnixFileMode.StickyBit | (UnixFileMode)0b111_111_111);
            var id = (await DirectRun.RunAsync("docker", "run", "-d", "--rm", "-v", $"{ipc.FullName}:/_abaco_ipc",
                "-v", $"{runner}:/_abaco_warm_runner:ro", "--entrypoint", "/_abaco_warm_runner", image, "/_abaco_ipc/runner.sock")).Trim();
            var container = new Container(id, ipc);
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(container._socket)), TimeSpan.FromSeconds(30), "the runner's socket");
            return container;
        }

        /// <summary>One execution, request → exit answer; its log file is deleted after, as the worker does.</summary>
        public async Task RunAsync(IReadOnlyList<string> command, string message, int i)
        {
            var request = new WarmRequest(command, new Dictionary<string, string> { ["MSG"] = message },
                $"/_abaco_ipc/{i}.log", null, null, TimeSpan.FromSeconds(2));
            await using (var execution = await WarmExecution.StartAsync(_socket, request, CancellationToken.None))
                await execution.WaitAsync(null, CancellationToken.None);
            File.Delete(Path.Combine(_ipc.FullName, $"{i}.log"));
        }

        public async ValueTask DisposeAsync()
        {
            await DirectRun.RunAsync("docker", "rm", "-f", _id);
            _ipc.Delete(recursive: true);
        }
    }
}
