using System.Globalization;

namespace Abaco.Benchmarks;

/// <summary>
/// CPU time used so far by the processes a phase is charged with (/proc, clock ticks of 10 ms): the node, and the
/// database servers a profile started, found by the port on their command line (PostgreSQL's postmaster with its
/// backends, redis-server), and Docker's daemons. Read before and after a phase; the difference is what the phase
/// cost them.
/// </summary>
public sealed class ProcessCpu(int? nodePid, IReadOnlyList<int> serverPorts)
{
    public (TimeSpan Node, TimeSpan Servers, TimeSpan Docker) Now() =>
        (Node(), serverPorts.Sum(p => ServerTicks(p)) * Tick, DockerDaemons());

    public TimeSpan Node() => nodePid is { } pid ? Own(pid, withReaped: true) : TimeSpan.Zero;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>User + system CPU time of one process so far, without its reaped children; zero when unknown.</summary>
    public static TimeSpan Of(int? pid) => pid is { } p ? Ticks(p, withReaped: false) * Tick : TimeSpan.Zero;

    /// <summary>
    /// The machine's CPU time so far, busy and in all, over every core (/proc/stat's first line; idle and iowait are
    /// not busy): read before and after a phase, how full the cores were, whoever used them.
    /// </summary>
    public static (long Busy, long All) Machine()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var all = ticks.Sum();
        return (all - ticks[3] - ticks[4], all);
    }

    /// <summary>The 1-, 5- and 15-minute load averages, printed beside a figure taken on a shared machine.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>
    /// CPU time of Docker's daemons so far: dockerd and containerd with what they reaped, which every container costs
    /// beside the node on the same cores. Not counted: the per-container shims (each ends with its container and is
    /// reaped outside Docker's processes), one per container for Abaco and bare Docker alike.
    /// </summary>
    public static TimeSpan DockerDaemons() =>
        Pids().Where(p => Name(p) is "dockerd" or "containerd").Sum(p => Ticks(p, withReaped: true)) * Tick;

    private static List<int> Pids() =>
        Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0).Where(p => p > 0).ToList();

    private static string? Name(int pid) => Read($"/proc/{pid}/comm")?.TrimEnd('\n');

    private static TimeSpan Own(int pid, bool withReaped) => Ticks(pid, withReaped) * Tick;

    /// <summary>The server listening on <paramref name="port"/> and its live children (reaped ones count in the parent).</summary>
    private static long ServerTicks(int port)
    {
        var all = Pids();
        var servers = all.Where(p => Listens(p, port)).ToHashSet();
        return all.Sum(p => servers.Contains(p) ? Ticks(p, withReaped: true)
            : servers.Contains(Parent(p)) ? Ticks(p, withReaped: false) : 0);
    }

    private static bool Listens(int pid, int port)
    {
        var args = Read($"/proc/{pid}/cmdline")?.Split('\0') ?? [];
        var text = port.ToString(CultureInfo.InvariantCulture);
        return args.Any(a => a == text || a.EndsWith($":{text}", StringComparison.Ordinal))
               && (args[0].Contains("postgres", StringComparison.Ordinal) || args[0].Contains("redis", StringComparison.Ordinal));
    }

    // /proc/PID/stat: after the command in parentheses, state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
    private static string[]? Fields(int pid) =>
        Read($"/proc/{pid}/stat") is { } stat ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ') : null;

    private static int Parent(int pid) => Fields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : 0;

    private static long Ticks(int pid, bool withReaped)
    {
        if (Fields(pid) is not { } f) return 0;
        var count = withReaped ? 4 : 2;
        return Enumerable.Range(11, count).Sum(i => long.Parse(f[i], CultureInfo.InvariantCulture));
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
