using System.Globalization;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>
/// One compose stack (docker/docker-compose.yml) under its own project name, front port and state directory, driven
/// by scripts/stack.sh exactly as an operator would: <c>up</c>, then <c>down</c>.
/// </summary>
public sealed class ComposeStack
{
    private static readonly TimeSpan UpDeadline = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan DownDeadline = TimeSpan.FromMinutes(4);

    private ComposeStack(string project, int port, string directory, long maxContentLength)
    {
        Project = project;
        Directory = directory;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        Environment = new Dictionary<string, string>
        {
            ["ABACO_STACK_PROJECT"] = project,
            ["ABACO_STACK_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["ABACO_STACK_DIR"] = directory,
            // The images are built once per test run by DeployImages.
            ["ABACO_STACK_SKIP_BUILD"] = "1",
            ["ABACO_MAX_CONTENT_LENGTH"] = maxContentLength.ToString(CultureInfo.InvariantCulture),
        };
    }

    public string Project { get; }
    public string Directory { get; }
    public Uri BaseUrl { get; }
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>A stack with a project name and port of its own; <paramref name="maxContentLength"/> is web.max_content_length.</summary>
    public static ComposeStack Create(long maxContentLength)
    {
        var project = "abacodeploy" + Guid.NewGuid().ToString("N")[..8];
        return new ComposeStack(project, Ports.Free(), Path.Combine(Path.GetTempPath(), project), maxContentLength);
    }

    public async Task<ToolRun> UpAsync() => (await StackAsync("up", UpDeadline)).Succeeded();

    public async Task<ToolRun> DownAsync() => (await StackAsync("down", DownDeadline)).Succeeded();

    /// <summary>What Docker still holds of this project: containers, networks and volumes labelled with it, and the
    /// actor containers of its spawner.</summary>
    public async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var project = $"label=com.docker.compose.project={Project}";
        var found = new List<string>();
        foreach (var (what, args) in new (string, string[])[]
                 {
                     ("container", ["ps", "-aq", "--filter", project]),
                     ("network", ["network", "ls", "-q", "--filter", project]),
                     ("volume", ["volume", "ls", "-q", "--filter", project]),
                     ("actor container", ["ps", "-aq", "--filter", $"label=abaco.host_id={Project}-spawner"]),
                 })
        {
            var ids = (await Tool.RunAsync("docker", args, TimeSpan.FromSeconds(60))).Succeeded().Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            found.AddRange(ids.Select(id => $"{what} {id}"));
        }
        if (System.IO.Directory.Exists(Directory)) found.Add($"directory {Directory}");
        return found;
    }

    private Task<ToolRun> StackAsync(string command, TimeSpan deadline) =>
        Tool.ScriptAsync("scripts/stack.sh", [command], deadline, Environment);
}
