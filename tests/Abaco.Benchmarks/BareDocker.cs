using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Benchmarks;

/// <summary>
/// The floor any container platform stands on: create/start/wait/remove straight through the Docker API, one at a
/// time and several at once. Abaco's cold path is reported as a ratio over these, measured in the same run.
/// </summary>
public sealed class BareDocker(DockerClient docker, string image)
{
    /// <summary>One container after another; the first run warms caches and is left out.</summary>
    public async Task<List<TimeSpan>> SequentialAsync(int runs)
    {
        var samples = new List<TimeSpan>();
        for (var i = 0; i <= runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await RunOneAsync($"bench {i}");
            if (i > 0) samples.Add(watch.Elapsed);
        }
        return samples;
    }

    /// <summary><paramref name="total"/> containers, <paramref name="concurrency"/> at a time; containers per second.</summary>
    public async Task<double> ParallelAsync(int concurrency, int total)
    {
        var (_, rate) = await Load.ClosedAsync(concurrency, total, () => RunOneAsync("parallel"));
        return rate;
    }

    private async Task RunOneAsync(string message)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Env = [$"MSG={message}"],
            Labels = new Dictionary<string, string> { ["abaco.bench"] = "true" },
        });
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        await docker.Containers.WaitContainerAsync(created.ID);
        await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
    }
}
