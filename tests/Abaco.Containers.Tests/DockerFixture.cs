using System.Diagnostics;
using Docker.DotNet;

namespace Abaco.Containers.Tests;

/// <summary>
/// One runtime and one raw Docker client for all Docker specs; builds the test images once when any is missing.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string Endpoint = "unix:///var/run/docker.sock";
    public const string BusyboxImage = "abaco/test-busybox:latest";
    public const string ExitImage = "abaco/test-exit:latest";
    public const string SleepImage = "abaco/test-sleep:latest";

    private static readonly string[] Images = [BusyboxImage, ExitImage, SleepImage];

    public DockerContainerRuntime Runtime { get; } = new(new DockerRuntimeOptions(
        Endpoint,
        PullTimeout: TimeSpan.FromSeconds(60),
        StartTimeout: TimeSpan.FromSeconds(30),
        RemoveTimeout: TimeSpan.FromSeconds(30)));

    /// <summary>For looking behind the runtime's back (inspect, logs, removal).</summary>
    public DockerClient Client { get; } = new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).Build();

    public async Task InitializeAsync()
    {
        try
        {
            await Client.System.PingAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"These specs need a Docker daemon at {Endpoint} (start one with: dockerd &).", e);
        }
        var missing = new List<string>();
        foreach (var image in Images)
        {
            if (!await ImageExistsAsync(image))
            {
                missing.Add(image);
            }
        }
        if (missing.Count > 0)
        {
            await BuildImagesAsync(missing);
        }
    }

    public Task DisposeAsync()
    {
        Runtime.Dispose();
        Client.Dispose();
        return Task.CompletedTask;
    }

    private async Task<bool> ImageExistsAsync(string image)
    {
        try
        {
            await Client.Images.InspectImageAsync(image);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task BuildImagesAsync(IReadOnlyList<string> missing)
    {
        var script = Path.Combine(RepositoryRoot(), "docker", "images", "build.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} failed (exit {process.ExitCode}) while building {string.Join(", ", missing)}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>The folder holding Abaco.sln (or, before there is one, docker/images/build.sh).</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Abaco.sln")))
            {
                return dir.FullName;
            }
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker", "images", "build.sh")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Abaco.sln or docker/images/build.sh above {AppContext.BaseDirectory}");
    }
}
