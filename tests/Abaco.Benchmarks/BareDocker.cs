using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Benchmarks;

/// <summary>
/// The floor any container platform stands on: create/start/wait/remove straight through the Docker API, one at a
/// time and several at once. Abaco's cold path is reported as a ratio over these, measured in the same run.
/// </summary>
/// <param name="parameters">
/// How each container is made (its message given); by default the image with only <c>MSG</c> and a label. The
/// <see cref="AbacoShapedDocker"/> baseline makes it exactly as Abaco does.
/// </param>
public sealed class BareDocker(DockerClient docker, string image, Func<string, CreateContainerParameters>? parameters = null)
{
    /// <summary>
    /// One container's time, split at the moments Docker recorded (same host clock): until start was asked for
    /// (create), start asked → Docker's StartedAt, StartedAt → FinishedAt (the process itself), and from FinishedAt
    /// until wait and remove returned.
    /// </summary>
    public sealed record TimedRun(TimeSpan Total, TimeSpan BeforeStart, TimeSpan StartToStarted, TimeSpan Running, TimeSpan AfterExit);

    /// <summary>The phases of many runs, one list per phase.</summary>
    public sealed record Phases(List<TimeSpan> Total, List<TimeSpan> BeforeStart, List<TimeSpan> StartToStarted,
        List<TimeSpan> Running, List<TimeSpan> AfterExit)
    {
        public static Phases Empty() => new([], [], [], [], []);

        public void Add(TimedRun run)
        {
            Total.Add(run.Total);
            BeforeStart.Add(run.BeforeStart);
            StartToStarted.Add(run.StartToStarted);
            Running.Add(run.Running);
            AfterExit.Add(run.AfterExit);
        }
    }

    /// <summary>One container, timed with its phases.</summary>
    public async Task<TimedRun> TimedRunAsync(string message) => (await RunOneAsync(message, inspect: true))!;

    /// <summary>
    /// <paramref name="total"/> containers, <paramref name="concurrency"/> at a time: containers per second, and the
    /// CPU time Docker's daemons spent per container (ms, their idle use over the same time subtracted).
    /// </summary>
    public async Task<(double Rate, double DockerCpuMs)> ParallelAsync(int concurrency, int total)
    {
        var idleBefore = ProcessCpu.DockerDaemons();
        var idleWatch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idlePerSecond = (ProcessCpu.DockerDaemons() - idleBefore) / idleWatch.Elapsed.TotalSeconds;
        var (before, watch) = (ProcessCpu.DockerDaemons(), Stopwatch.StartNew());
        var (_, rate) = await Load.ClosedAsync(concurrency, total, () => RunOneAsync("parallel"));
        var used = ProcessCpu.DockerDaemons() - before - idlePerSecond * watch.Elapsed.TotalSeconds;
        return (rate, used.TotalMilliseconds / total);
    }

    private async Task<TimedRun?> RunOneAsync(string message, bool inspect = false)
    {
        var create = parameters?.Invoke(message) ?? new CreateContainerParameters
        {
            Image = image,
            Env = [$"MSG={message}"],
            Labels = new Dictionary<string, string> { ["abaco.bench"] = "true" },
        };
        var began = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var created = await docker.Containers.CreateContainerAsync(create);
        var startAsked = watch.Elapsed;
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        await docker.Containers.WaitContainerAsync(created.ID);
        // Docker's own record of when the process ran (same host clock), read before removal; not timed.
        var paused = watch.Elapsed;
        var state = inspect ? (await docker.Containers.InspectContainerAsync(created.ID)).State : null;
        var waited = began + paused;
        var resumed = Stopwatch.StartNew();
        await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        var total = paused + resumed.Elapsed;
        if (state is null) return null;
        var (started, finished) = (DockerTime(state.StartedAt), DockerTime(state.FinishedAt));
        return new TimedRun(total, startAsked, started - (began + startAsked), finished - started,
            waited - finished + resumed.Elapsed);
    }

    internal static DateTime DockerTime(string text) =>
        DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
