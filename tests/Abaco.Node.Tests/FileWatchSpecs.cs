using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Node.Tests;

/// <summary>
/// The node reads its configuration once, from abaco.hocon: it keeps no file watch on the directory it was started
/// in, where the data directory usually is, so the writes of its stores, journal and workers wake nothing.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed partial class FileWatchSpecs
{
    [Fact(DisplayName = "A node started in its data directory holds no inotify watch on it")]
    public async Task NoWatchOnTheWorkingDirectory()
    {
        await using var node = await NodeProcess.StartAsync(["--roles", "core"],
            "abaco.docker.dd = \"unix:///nonexistent/docker.sock\"");
        await node.WaitReadyAsync();

        var directory = await InodeAsync(node.DataDir);
        var watched = WatchedInodes(node.Id);

        Assert.DoesNotContain(directory, watched);
    }

    /// <summary>The inodes every inotify instance of the process watches (/proc/PID/fdinfo lines "inotify wd:N ino:HEX").</summary>
    private static List<long> WatchedInodes(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fdinfo")
            .SelectMany(file =>
            {
                try
                {
                    return File.ReadAllLines(file);
                }
                catch (IOException)
                {
                    return []; // a descriptor closed while we looked
                }
            })
            .Select(line => InotifyWatch().Match(line))
            .Where(match => match.Success)
            .Select(match => long.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToList();

    private static async Task<long> InodeAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^inotify wd:\d+ ino:([0-9a-f]+)")]
    private static partial Regex InotifyWatch();
}
