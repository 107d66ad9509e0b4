using Abaco.Core.Settings;
using Abaco.Runtime.Health;

namespace Abaco.Runtime.Workers;

/// <summary>
/// The runner binary a warm container starts with (src/Abaco.WarmRunner). The Docker daemon binds host paths, and a
/// node in a container sees its own binaries at paths the host does not have, so the runner is copied under
/// <c>node.data_dir</c> (a path the daemon shares with the node, as it does the results sockets) and bound from there.
/// </summary>
public static class WarmRunnerBinary
{
    public const string FileName = "abaco-warm-runner";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>
    /// <c>workers.warm_runner_path</c>, or when it is empty the runner next to the node's binaries, else in the
    /// <c>artifacts/warm-runner/</c> of the checkout they were built in; null when there is none.
    /// </summary>
    public static string? Locate(AbacoSettings settings)
    {
        var configured = settings.Workers.WarmRunnerPath;
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var built = Path.Combine(dir.FullName, "artifacts", "warm-runner", FileName);
            if (File.Exists(built)) return built;
        }
        return null;
    }

    /// <summary>The host path of the installed copy (made or refreshed when it differs from the source).</summary>
    public static async Task<string> InstallAsync(AbacoSettings settings, CancellationToken ct)
    {
        var source = Locate(settings) ?? throw new FileNotFoundException(
            "the warm runner is not built (./build.sh warmrunner) and workers.warm_runner_path names none");
        var target = Path.Combine(IpcDirectories.Resolve(settings, "warm-runner"), FileName);
        await Installing.WaitAsync(ct);
        try
        {
            var wanted = await File.ReadAllBytesAsync(source, ct);
            if (File.Exists(target) && (await File.ReadAllBytesAsync(target, ct)).AsSpan().SequenceEqual(wanted)) return target;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Written aside and renamed over: a container starting meanwhile binds a whole file, old or new.
            var temporary = $"{target}.{Environment.ProcessId}.tmp";
            await File.WriteAllBytesAsync(temporary, wanted, ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, (UnixFileMode)0b111_101_101);
            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            Installing.Release();
        }
    }
}
