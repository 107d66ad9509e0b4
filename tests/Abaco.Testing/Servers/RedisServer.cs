using System.Diagnostics;

namespace Abaco.Testing.Servers;

/// <summary>
/// A private redis-server for tests on a free loopback port, with an append-only file (as a production site keeps) so
/// that a restart keeps the data. Tests isolate themselves by key prefix; restart tests stop and start it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir;
    private Process? _process;

    private RedisServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(ServerProcess.TempDirectory("abaco-redis"), ServerProcess.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix() => $"t{Guid.NewGuid():N}"[..13] + ":";

    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("redis-server",
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--save", "",
            "--appendonly", "yes", "--appendfsync", "everysec", "--daemonize", "no", "--logfile", "server.log",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _process?.Dispose();
        _process = Process.Start(info) ?? throw new InvalidOperationException(
            "could not start redis-server: run scripts/ensure-deps.sh (installs redis-server)");
        await ServerProcess.WaitForPortAsync(Port, TimeSpan.FromSeconds(30), "redis-server");
    }

    /// <summary>Stops the server (SIGTERM: it flushes its append-only file and exits), dropping every connection.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        // Process.Kill is SIGKILL on Unix, which skips the shutdown the summary promises: send SIGTERM instead.
        await ServerProcess.RunAsync(null, "kill", "-TERM", process.Id.ToString());
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A shell command that stops this server and deletes its directory (see <see cref="ServerProcess.CleanUpAfterExit"/>).</summary>
    internal string ShellCleanup() =>
        (_process is { } process ? $"kill -TERM {process.Id}; sleep 1; " : "") + $"rm -rf {ServerProcess.ShellQuote(_dir)}";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
