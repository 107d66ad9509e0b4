using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Abaco.Testing.Servers;

namespace Abaco.Testing;

/// <summary>
/// One Abaco node as a real child process (<c>dotnet Abaco.Node.dll --config ...</c>) on a free loopback port, with
/// its own data directory and spawner host id, so nodes of parallel tests never touch each other's containers.
/// </summary>
public sealed partial class AbacoNode : IAsyncDisposable
{

    private readonly StringBuilder _output = new();
    private Process? _process;

    public AbacoNode(string? extraConfig = null, string? dataDir = null, string? hostId = null, string? storeConfig = null)
    {
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("abaco-e2e-").FullName;
        HostId = hostId ?? $"e2e-{Guid.NewGuid():N}"[..16];
        ExtraConfig = extraConfig ?? "";
        _storeConfig = storeConfig;
    }

    public string DataDir { get; }
    public string HostId { get; }
    public string ExtraConfig { get; }
    public Uri BaseUrl { get; private set; } = null!;
    /// <summary>The node process's id while it runs (to read its memory from /proc).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;
    public string Output { get { lock (_output) return _output.ToString(); } }
    /// <summary>The exit code of the last process once it has exited by itself or by a signal; null while it runs.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>
    /// A cgroup v2 directory the process enters before the node starts (so firewall rules can match its packets
    /// from its first connection on); null = the test's own.
    /// </summary>
    public string? CgroupDirectory { get; init; }

    /// <summary>How long a start may take, to listening and again to ready.</summary>
    public TimeSpan StartDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>When a started node counts as ready; by default GET /healthz/ready answers 200.</summary>
    public Func<AbacoNode, Task<bool>>? Ready { get; init; }

    public static async Task<AbacoNode> StartAsync(string? extraConfig = null)
    {
        var node = new AbacoNode(extraConfig);
        await node.StartAsync();
        return node;
    }

    public async Task StartAsync()
    {
        await StartCompanionsAsync();
        var config = Path.Combine(DataDir, "node.hocon");
        await File.WriteAllTextAsync(config, string.Join('\n',
            await File.ReadAllTextAsync(Path.Combine(RepoRoot, "hocon", "test.hocon")),
            $"abaco.node.data_dir = \"{DataDir}\"",
            $"abaco.spawner.host_id = \"{HostId}\"",
            await StoreConfigAsync(),
            _roleConfig,
            ExtraConfig));

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo(CgroupDirectory is null ? "dotnet" : "/bin/sh", LaunchArguments(config))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDir,
        };
        info.Environment.Remove("ABACO_CONF");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        process.WhenExitedAndRead(_ =>
            listening.TrySetException(new InvalidOperationException($"The node exited before listening:\n{Output}")));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        BaseUrl = await listening.Task.WaitAsync(StartDeadline);
        // Listening is not ready: wait until a request travels through sharding to an entity.
        await Eventually.TrueAsync(() => (Ready ?? AnswersReadyAsync)(this), StartDeadline,
            $"the node {HostId} to be ready");
    }

    /// <summary><c>dotnet Abaco.Node.dll --config FILE</c>, through a shell that first moves itself into the cgroup.</summary>
    private string[] LaunchArguments(string config) => CgroupDirectory is null
        ? [NodeDll, "--config", config]
        : ["-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", CgroupDirectory, "dotnet", NodeDll, "--config", config];

    /// <summary>The status GET /healthz/ready answers, or null when nothing answers.</summary>
    public async Task<HttpStatusCode?> ReadyStatusAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync("/healthz/ready")).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> AnswersReadyAsync(AbacoNode node) =>
        await node.ReadyStatusAsync() == HttpStatusCode.OK;

    /// <summary>
    /// The store profile the suite runs against: <c>ABACO_E2E_PROFILE=production</c> puts this node's journal and
    /// stores in its own database and key prefix on the process's shared PostgreSQL and Redis (kept across restarts
    /// of the node); otherwise the embedded SQLite files in <see cref="DataDir"/>.
    /// </summary>
    public static string Profile { get; } =
        Environment.GetEnvironmentVariable("ABACO_E2E_PROFILE") is { Length: > 0 } p ? p : "embedded";

    private string? _storeConfig;

    private async Task<string> StoreConfigAsync()
    {
        if (_storeConfig is not null) return _storeConfig;
        _storeConfig = (Split ? "production" : Profile) switch
        {
            "embedded" => "",
            "production" => ProductionStoreConfig(
                await (await SharedServers.Postgres).CreateDatabaseAsync(),
                (await SharedServers.Redis).Configuration, RedisServer.UniquePrefix()),
            _ => throw new InvalidOperationException($"ABACO_E2E_PROFILE must be embedded or production, not {Profile}"),
        };
        return _storeConfig;
    }

    /// <summary>The config lines that put a node's stores on the given PostgreSQL database and Redis.</summary>
    public static string ProductionStoreConfig(string postgres, string redis, string redisPrefix) => $$"""
        abaco.store {
          backend = "postgres+redis"
          postgres_connection = "{{postgres}}"
          redis_configuration = "{{redis}}"
          redis_key_prefix = "{{redisPrefix}}"
        }
        """;

    private void OnLine(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        var match = ListeningOn().Match(line);
        if (match.Success) listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s\x22]+)")]
    private static partial Regex ListeningOn();

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must survive.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, then waits for the process to exit by itself; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        if (_process is not { } process) throw new InvalidOperationException($"The node {HostId} is not running.");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(deadline);
        var code = process.ExitCode;
        process.Dispose();
        _process = null;
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        // Keep every node's log for whoever investigates a failure (CI prints where they are).
        var logs = Directory.CreateDirectory(Path.Combine(RepoRoot, "artifacts", "e2e-logs"));
        await File.WriteAllTextAsync(Path.Combine(logs.FullName, $"{HostId}{_logSuffix}.log"), Output);
        await DisposeCompanionsAsync();
        await Docker.RemoveContainersAsync($"abaco.host_id={HostId}");
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process; the temp directory is cleaned by the OS eventually.
        }
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Abaco.sln"))) return dir.FullName;
        throw new InvalidOperationException("Abaco.sln not found above " + AppContext.BaseDirectory);
    }

    private static string NodeDll { get; } = FindNodeDll();

    private static string FindNodeDll()
    {
        // The node built with the same configuration as these tests (bin/<Configuration>/net10.0/): another
        // configuration's build may be stale. BaseDirectory ends with a separator, hence the trim.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var node = Path.Combine(RepoRoot, "src", "Abaco.Node", "bin", configuration, "net10.0", "Abaco.Node.dll");
        return File.Exists(node)
            ? node
            : throw new InvalidOperationException($"Abaco.Node.dll is not built for {configuration}: {node}");
    }
}
