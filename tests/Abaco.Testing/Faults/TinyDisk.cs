using Abaco.Testing.Servers;

namespace Abaco.Testing.Faults;

/// <summary>
/// A small tmpfs mounted by the test (needs root), to give a node a <c>node.data_dir</c> that can be filled up and
/// freed again. Unmounted when disposed, and by a watcher should the test host die first.
/// </summary>
public sealed class TinyDisk : IAsyncDisposable
{
    private const int ChunkBytes = 256 * 1024;
    private readonly string _filler;

    private TinyDisk(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler");
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public static async Task<TinyDisk> MountAsync(int megabytes)
    {
        if (!ServerProcess.IsRoot) throw new InvalidOperationException("mounting a tmpfs needs root");
        var path = ServerProcess.TempDirectory("abaco-tinydisk");
        await ServerProcess.RunAsync(null, "mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        ServerProcess.CleanUpAfterExit(
            $"umount -l {ServerProcess.ShellQuote(path)}; rmdir {ServerProcess.ShellQuote(path)}");
        return new TinyDisk(path);
    }

    /// <summary>Writes a file until the disk refuses another byte (ENOSPC).</summary>
    public async Task FillAsync()
    {
        var chunk = new byte[ChunkBytes];
        await using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
        try
        {
            while (true) await file.WriteAsync(chunk);
        }
        catch (IOException)
        {
            // Full. Fill the last partial chunk too, byte by byte, so that not even a small page fits.
            try
            {
                while (true) await file.WriteAsync(chunk.AsMemory(0, 512));
            }
            catch (IOException) { }
        }
    }

    /// <summary>Space returns.</summary>
    public void Free() => File.Delete(_filler);

    public async ValueTask DisposeAsync()
    {
        await ServerProcess.RunAsync(null, "umount", "-l", Path);
        Directory.Delete(Path);
    }
}
