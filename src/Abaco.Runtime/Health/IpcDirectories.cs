using Abaco.Core.Settings;
using Akka.Event;

namespace Abaco.Runtime.Health;

/// <summary>
/// The per-worker directories of results sockets and binary-message FIFOs (<c>{dir}/{worker_id}/…</c>) and their
/// clean-up (original-abaco.md §3.14 duty 1): a directory whose name is not a live worker's id is left over and deleted.
/// </summary>
public static class IpcDirectories
{
    /// <summary>The host directories, resolved as the workers resolve them (relative ones under <c>node.data_dir</c>).</summary>
    public static IReadOnlyList<string> For(AbacoSettings settings) =>
        new[] { settings.Workers.SocketHostPathDir, settings.Workers.FifoHostPathDir }
            .Where(configured => !string.IsNullOrWhiteSpace(configured))
            .Select(configured => Resolve(settings, configured))
            .Distinct()
            .ToList();

    /// <summary>The absolute host directory of a configured one; a relative one is under <c>node.data_dir</c>.</summary>
    public static string Resolve(AbacoSettings settings, string configured) =>
        Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(settings.Node.DataDir, configured));

    /// <summary>
    /// Deletes the sub-directories not named after one of <paramref name="liveWorkerIds"/> and created before
    /// <paramref name="createdBefore"/> (a worker started while the list was read keeps its directory); returns how
    /// many.
    /// </summary>
    public static int RemoveLeftovers(IEnumerable<string> directories, IReadOnlySet<string> liveWorkerIds,
        DateTime createdBefore, ILoggingAdapter? log = null)
    {
        var removed = 0;
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory)) continue;
            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                if (liveWorkerIds.Contains(Path.GetFileName(sub))) continue;
                if (Directory.GetCreationTimeUtc(sub) >= createdBefore) continue;
                try
                {
                    Directory.Delete(sub, recursive: true);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log?.Warning("Could not delete the leftover IPC directory {0}: {1}", sub, e.Message);
                }
            }
        }
        return removed;
    }
}
