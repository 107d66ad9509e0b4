using Docker.DotNet;
using Docker.DotNet.Models;

namespace Abaco.Containers.Tests;

/// <summary>
/// Hands out unique container names and force-removes every one of them when the test ends,
/// however it ends (await using = remove in finally).
/// </summary>
public sealed class ContainerScope(DockerFixture docker) : IAsyncDisposable
{
    private readonly List<string> _names = [];

    /// <summary>A label value unique to this test, set on every spec made here.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public string NewName()
    {
        var name = $"abaco-test-{RunId}-{_names.Count}";
        _names.Add(name);
        return name;
    }

    public ContainerSpec Spec(string image, IReadOnlyDictionary<string, string>? environment = null) => new(
        image,
        NewName(),
        environment ?? new Dictionary<string, string>(),
        new Dictionary<string, string> { ["abaco.test"] = RunId },
        [],
        User: null,
        MemoryBytes: null,
        NanoCpus: null,
        Privileged: false,
        Network: null);

    /// <summary>Start and wait: the whole life of one execution.</summary>
    public async Task<ContainerOutcome> RunAsync(ContainerSpec spec, TimeSpan? maxRunTime = null)
    {
        var started = await docker.Runtime.StartAsync(spec, CancellationToken.None);
        return await docker.Runtime.WaitAsync(started, maxRunTime, CancellationToken.None);
    }

    /// <summary>Whether Docker still knows a container by this id or name.</summary>
    public async Task<bool> ExistsAsync(string idOrName)
    {
        try
        {
            await docker.Client.Containers.InspectContainerAsync(idOrName);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _names)
        {
            try
            {
                await docker.Client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // never created, or removed by the test itself
            }
        }
    }
}
