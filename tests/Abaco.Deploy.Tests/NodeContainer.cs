using System.Globalization;
using System.Net;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>
/// One node of the abaco/core image as an operator runs it with <c>docker run</c>: every role, the Docker socket
/// mounted with its group added (the image runs as uid 10001), the data directory bind-mounted at the same path on
/// both sides, the API published on a free loopback port. Disposing removes the container, the actor containers
/// labelled with its host id, and the data directory.
/// </summary>
public sealed class NodeContainer : IAsyncDisposable
{
    private static readonly TimeSpan DockerDeadline = TimeSpan.FromSeconds(90);

    private NodeContainer(string name, string dataDir, string hostId, int port)
    {
        Name = name;
        DataDir = dataDir;
        HostId = hostId;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }
    public string DataDir { get; }
    public string HostId { get; }
    public Uri BaseUrl { get; }

    public static async Task<NodeContainer> RunAsync(params string[] environment)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var dataDir = Directory.CreateTempSubdirectory("abaco-image-").FullName;
        // The node in the container writes its data as uid 10001.
        (await Tool.RunAsync("chown", ["10001:10001", dataDir], DockerDeadline)).Succeeded();
        var node = new NodeContainer($"abaco-image-{suffix}", dataDir, $"image-{suffix}", Ports.Free());
        var gid = (await Tool.RunAsync("stat", ["-c", "%g", "/var/run/docker.sock"], DockerDeadline)).Succeeded().Output.Trim();
        string[] args =
        [
            "run", "-d", "--name", node.Name, "--group-add", gid,
            "-p", $"127.0.0.1:{node.BaseUrl.Port.ToString(CultureInfo.InvariantCulture)}:8000",
            "-v", "/var/run/docker.sock:/var/run/docker.sock",
            "-v", $"{dataDir}:{dataDir}",
            "-v", "/sys/fs/cgroup:/sys/fs/cgroup:ro",
            "-e", $"ABACO__NODE__DATA_DIR={dataDir}",
            "-e", $"ABACO__SPAWNER__HOST_ID={node.HostId}",
            .. environment.SelectMany(variable => new[] { "-e", variable }),
            DeployImages.Node,
        ];
        try
        {
            (await Tool.RunAsync("docker", args, DockerDeadline)).Succeeded();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A field of <c>docker inspect</c>, by Go template (e.g. <c>{{.State.ExitCode}}</c>).</summary>
    public async Task<string> InspectAsync(string format) =>
        (await Tool.RunAsync("docker", ["inspect", "--format", format, Name], DockerDeadline)).Succeeded().Output.Trim();

    public async Task<string> ExecAsync(params string[] command) =>
        (await Tool.RunAsync("docker", ["exec", Name, .. command], DockerDeadline)).Succeeded().Output.Trim();

    public async Task<string> LogsAsync() =>
        (await Tool.RunAsync("docker", ["logs", Name], DockerDeadline)).Output;

    public async Task<HttpStatusCode?> StatusOfAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync(path)).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary><c>docker stop</c>: SIGTERM, and SIGKILL only if the node is still running after the grace.</summary>
    public async Task StopAsync(TimeSpan grace) =>
        (await Tool.RunAsync("docker", ["stop", "-t", ((int)grace.TotalSeconds).ToString(CultureInfo.InvariantCulture), Name],
            grace + DockerDeadline)).Succeeded();

    public async ValueTask DisposeAsync()
    {
        await Tool.RunAsync("docker", ["rm", "-f", "-v", Name], DockerDeadline);
        await Docker.RemoveContainersAsync($"abaco.host_id={HostId}");
        Directory.Delete(DataDir, recursive: true);
    }
}
