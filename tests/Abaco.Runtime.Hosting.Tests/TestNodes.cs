using Abaco.Containers;
using Abaco.Core.Settings;
using Abaco.Runtime.Hosting;
using Abaco.Stores;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>Nodes as the server executable wires them (<see cref="AbacoRuntimeHosting.AddAbacoRuntime"/>), on loopback.</summary>
internal static class TestNodes
{
    /// <summary>Nodes of one cluster share the actor system's name (the server's is "abaco").</summary>
    public const string SystemName = "abaco";

    /// <summary>
    /// A node with <paramref name="roles"/> on a free port, its journal under <paramref name="dataDir"/>. No workers
    /// are started (no initial ones, no autoscaling), so what an entity queues stays queued for the spec to count.
    /// </summary>
    public static AbacoSettings Settings(string dataDir, string[] roles, params string[] seedNodes) =>
        AbacoSettings.Defaults with
        {
            Node = AbacoSettings.Defaults.Node with
            {
                Roles = [.. roles], Hostname = "127.0.0.1", Port = 0, SeedNodes = [.. seedNodes], DataDir = dataDir,
            },
            Workers = AbacoSettings.Defaults.Workers with { InitCount = 0, Autoscaling = false },
        };

    /// <summary>What the runtime takes from DI; the container runtime is never called on nodes without a spawner.</summary>
    public static void AddServices(IServiceCollection services, AbacoSettings settings, IAbacoStores stores)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(stores);
        services.AddSingleton<IContainerRuntime>(new DockerContainerRuntime(new DockerRuntimeOptions(
            settings.Docker.Dd, settings.Docker.PullTimeout, settings.Docker.StartTimeout, settings.Docker.RemoveTimeout)));
    }

    /// <summary>A second node in this process, started; the caller stops it.</summary>
    public static async Task<IHost> StartAsync(AbacoSettings settings, IAbacoStores stores, CancellationToken ct)
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                AddServices(services, settings, stores);
                services.AddAkka(SystemName, (akka, _) => akka.AddAbacoRuntime(settings));
            })
            .Build();
        await host.StartAsync(ct);
        return host;
    }
}
