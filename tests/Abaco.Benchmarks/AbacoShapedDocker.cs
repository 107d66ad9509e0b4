using Abaco.Containers;
using Abaco.Containers.Ipc;
using Abaco.Core.Settings;
using Abaco.Runtime.Workers;
using Abaco.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Benchmarks;

/// <summary>
/// The second baseline of the cold path: bare Docker create/start/wait/remove of a container made exactly as Abaco
/// makes one (<see cref="ContainerSpecs.For"/> with the default settings, turned into Docker's create call by Abaco's
/// own <c>DockerCreateParameters</c>): its name, labels, environment, memory/CPU/pids limits, no-new-privileges, log
/// options and the results socket bound in. Bare Docker → this is what Abaco's container options cost in Docker;
/// this → Abaco is Abaco's own overhead. The socket is bound before the clock starts, as the worker does before it
/// asks for the container.
/// </summary>
public sealed class AbacoShapedDocker : IDisposable
{
    private readonly string _socketDirectory = Directory.CreateTempSubdirectory("abaco-bench-ipc-").FullName;
    private readonly List<ResultsSocket> _sockets = [];
    private readonly string _image;

    public AbacoShapedDocker(DockerClient docker, string image)
    {
        _image = image;
        Docker = new BareDocker(docker, image, Parameters);
    }

    public BareDocker Docker { get; }

    private CreateContainerParameters Parameters(string message)
    {
        var executionId = $"bench{Guid.NewGuid():N}"[..18];
        const string workerId = "benchworker";
        var socket = ResultsSocket.Bind(_socketDirectory, workerId, executionId, _ => Task.CompletedTask);
        lock (_sockets) _sockets.Add(socket);
        var run = new RunExecution(Samples.Actor(definition: Samples.Definition(_image)), Samples.Message(executionId, message));
        var spec = ContainerSpecs.For(run, workerId, AbacoSettings.Defaults, actorConfigs: "{}", ipc: (socket.HostPath, null));
        // Same labels, but no node's start-up clean-up of its own managed containers takes these for its own.
        var labels = new Dictionary<string, string>(spec.Labels) { [ContainerSpecs.HostLabel] = "abaco-bench" };
        return DockerCreateParameters.From(spec with { Labels = labels });
    }

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_socketDirectory, recursive: true);
    }
}
