using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Abaco.Testing.Servers;

/// <summary>What the private database servers of the tests share: free ports, commands run as a given user, temp dirs.</summary>
internal static class ServerProcess
{
    public static int FreePort() => Ports.Free();

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to its end (as <paramref name="user"/> when we are root) and fails with its output.</summary>
    public static async Task RunAsync(string? user, string file, params string[] args)
    {
        var info = user is not null && IsRoot
            ? new ProcessStartInfo("runuser", ["-u", user, "--", file, .. args])
            : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
    }

    /// <summary>
    /// Runs <paramref name="shellCommand"/> once this process has ended, however it ends. The test host is killed
    /// shortly after a run (vstest waits only briefly for it to exit), so ProcessExit handlers cannot be relied on
    /// to stop servers and delete their directories; a detached shell polling for our pid can.
    /// </summary>
    public static void CleanUpAfterExit(string shellCommand)
    {
        var info = new ProcessStartInfo("sh",
            ["-c", $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {shellCommand}"])
        {
            // Own pipes, so the watcher does not hold the test host's output open after it is gone.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process.Start(info)?.Dispose();
    }

    /// <summary>A path quoted for sh.</summary>
    public static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public static string TempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Waits until a TCP port accepts connections, or fails at the deadline.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"{what} did not accept connections on port {port} within {timeout}", e);
            }
        }
    }
}
