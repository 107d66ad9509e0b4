using System.Text;

namespace Abaco.Runtime.Workers;

/// <summary>
/// A warm execution's logs: the runner appends the process's stdout and stderr, in written order, to one file in
/// the worker's IPC directory; the worker reads it while the process runs and once after it ended.
/// </summary>
public static class WarmLogFile
{
    /// <summary>More than this is not read (the log store keeps far less anyway).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The whole file so far (at most <see cref="MaxBytes"/>), "" when it does not exist (yet).</summary>
    public static async Task<string> ReadAsync(string path, CancellationToken ct = default)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[(int)Math.Min(file.Length, MaxBytes)];
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>
    /// Hands the text so far to <paramref name="onLogs"/> once per <paramref name="interval"/> when the file grew,
    /// until <paramref name="ct"/> is cancelled; best effort, as live logs are (the read after the end is final).
    /// </summary>
    public static async Task FollowAsync(string path, Func<string, Task> onLogs, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        // Stopped by disposing the timer, which ends the wait without an exception: every execution stops its
        // follower, and a cancelled wait threw one, whose stack trace (with file and line) cost more of the node's CPU
        // than the follower's reads.
        await using var stop = ct.Register(timer.Dispose);
        long seen = 0;
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                var info = new FileInfo(path);
                if (!info.Exists || info.Length == seen) continue;
                seen = info.Length;
                await onLogs(await ReadAsync(path, ct));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // stopped, or the file went away with its execution
        }
    }
}
