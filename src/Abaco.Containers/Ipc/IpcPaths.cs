namespace Abaco.Containers.Ipc;

/// <summary>Path rules shared by <see cref="ResultsSocket"/> and <see cref="BinaryFifo"/>.</summary>
internal static class IpcPaths
{
    /// <summary>
    /// <c>{root}/{workerId}</c>, validating that both ids are single path segments so an id can never
    /// escape the configured directory.
    /// </summary>
    public static string WorkerDirectory(string root, string workerId, string executionId)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Results sockets and binary FIFOs need a Linux host (as the Docker daemon does)");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new ArgumentException($"IPC directory must be absolute (it is bind-mounted): '{root}'", nameof(root));
        }
        RequireSegment(workerId, nameof(workerId));
        RequireSegment(executionId, nameof(executionId));
        return Path.Combine(root, workerId);
    }

    /// <summary>
    /// mkdir -p, then <paramref name="create"/> the entry in it. The closing of an earlier execution of the same
    /// worker may delete the directory (when empty) between the two steps; <paramref name="create"/> reports that
    /// by returning false (ENOENT) and the pair is tried again.
    /// </summary>
    public static void CreateIn(string directory, Func<bool> create)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Directory.CreateDirectory(directory);
            if (create())
            {
                return;
            }
        }
        throw new DirectoryNotFoundException($"{directory} kept disappearing while creating an entry in it");
    }

    /// <summary>Remove a stale file (socket, FIFO, or anything else) at <paramref name="path"/>; absent is fine.</summary>
    public static void DeleteStale(string path)
    {
        // File.Delete is unlink(2): it removes sockets and FIFOs too, and is a no-op when nothing is there.
        File.Delete(path);
    }

    /// <summary>chmod, which the umask-bound mkfifo(3)/bind(2) modes need to reach other uids.</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Delete the worker's directory when nothing else (another execution's socket or FIFO) is in it.</summary>
    public static void DeleteDirectoryIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory, recursive: false);
            }
        }
        catch (IOException)
        {
            // not empty after all (a new socket or FIFO appeared), or already gone: both fine
        }
    }

    private static void RequireSegment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value is "." or ".." || value.IndexOfAny(['/', '\0']) >= 0)
        {
            throw new ArgumentException($"'{value}' is not a single path segment", name);
        }
    }
}
