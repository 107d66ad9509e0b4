using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Abaco.Testing;

namespace Abaco.Node.Tests;

/// <summary>
/// One Abaco.Node child process started with given arguments and config lines (on hocon/test.hocon, loopback, free
/// ports, its own data directory), for specs about what the process itself does: its roles, its health routes, its
/// exit on SIGTERM. Disposing kills it and deletes its data directory.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsDataDir;

    private NodeProcess(Process process, string dataDir, bool ownsDataDir)
    {
        _process = process;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public string DataDir { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the node and waits until it listens for HTTP (not until it is ready).</summary>
    public static async Task<NodeProcess> StartAsync(IReadOnlyList<string> args, string config = "", string? dataDir = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("abaco-node-").FullName;
        var file = Path.Combine(dataDir, "node.hocon");
        await File.WriteAllTextAsync(file, string.Join('\n',
            await File.ReadAllTextAsync(Path.Combine(AbacoNode.RepoRoot, "hocon", "test.hocon")),
            $"abaco.node.data_dir = \"{dataDir}\"", config));
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        info.ArgumentList.Add(NodeDll());
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(file);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in info.Environment.Keys.ToList())
            if (name.StartsWith("ABACO", StringComparison.OrdinalIgnoreCase)) info.Environment.Remove(name);

        var node = new NodeProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, dataDir, ownsDataDir);
        node._process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        node._process.WhenExitedAndRead(code => node._listening.TrySetException(
            new InvalidOperationException($"The node exited ({code}) before listening:\n{node.Output}")));
        node._process.Start();
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        try
        {
            node.BaseUrl = await node._listening.Task.WaitAsync(StartDeadline);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public HttpClient Http() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Waits until GET /healthz/ready answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan? deadline = null)
    {
        using var http = Http();
        await Eventually.TrueAsync(async () => (await http.GetAsync("/healthz/ready")).IsSuccessStatusCode,
            deadline ?? StartDeadline, $"the node to be ready; it printed:\n{Output}");
    }

    /// <summary>Waits until a line of the node's output contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan deadline) =>
        Eventually.TrueAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal)), deadline,
            $"the node to print '{text}'; it printed:\n{Output}");

    /// <summary>The Akka address this node's cluster member has, read from its log.</summary>
    public async Task<string> ClusterAddressAsync()
    {
        await Eventually.TrueAsync(() => Task.FromResult(SelfAddress().IsMatch(Output)), StartDeadline,
            $"the node to log its cluster address; it printed:\n{Output}");
        return SelfAddress().Match(Output).Groups[1].Value;
    }

    /// <summary>SIGTERM, as an orchestrator stops a container or a service manager a unit.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The exit code, or a failure naming the deadline and what the node printed.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The node did not exit within {deadline.TotalSeconds:0} s; it printed:\n{Output}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        if (!_ownsDataDir) return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process; the temp directory is cleaned by the OS eventually.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        var match = ListeningOn().Match(line);
        if (match.Success) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    private static string NodeDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var node = Path.Combine(AbacoNode.RepoRoot, "src", "Abaco.Node", "bin", configuration, "net10.0", "Abaco.Node.dll");
        return File.Exists(node) ? node : throw new InvalidOperationException($"Abaco.Node.dll is not built: {node}");
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s\x22]+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"Cluster Node \[(akka\.tcp://abaco@[^\]]+)\]")]
    private static partial Regex SelfAddress();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
