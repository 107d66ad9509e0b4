using System.Diagnostics;

namespace Abaco.Testing;

public static class ProcessExits
{
    /// <summary>
    /// Calls <paramref name="report"/> with the exit code once the process has exited and its redirected output has
    /// been read to the end: <see cref="Process.Exited"/> alone can fire before the last lines arrive, and a failure
    /// message would then miss the very line that explains the exit.
    /// </summary>
    public static void WhenExitedAndRead(this Process process, Action<int> report) =>
        process.Exited += (_, _) =>
        {
            var code = process.ExitCode;
            _ = Task.Run(async () =>
            {
                try
                {
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or TimeoutException)
                {
                    // Disposed meanwhile, or a grandchild keeps the pipe open: report what was read so far.
                }
                report(code);
            });
        };
}
