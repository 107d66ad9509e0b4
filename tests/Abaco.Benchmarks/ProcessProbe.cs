using System.Globalization;

namespace Abaco.Benchmarks;

/// <summary>What /proc tells of a process from outside: resident memory now and at its peak, open files, threads.</summary>
public sealed record ProcessSample(long RssKb, long PeakRssKb, int OpenFiles, int Threads)
{
    public static ProcessSample Of(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return new ProcessSample(Kb(status, "VmRSS:"), Kb(status, "VmHWM:"),
            Directory.GetFiles($"/proc/{pid}/fd").Length, Directory.GetDirectories($"/proc/{pid}/task").Length);
    }

    private static long Kb(string[] status, string field) =>
        long.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);

    public override string ToString() =>
        $"RSS {RssKb / 1024} MiB (peak {PeakRssKb / 1024} MiB), {OpenFiles} open files, {Threads} threads";
}

/// <summary>A process's CPU time from outside, so a measure can report what each operation cost the node.</summary>
public static class ProcessCpu
{
    /// <summary>User + system CPU time of a process so far (/proc/PID/stat, in clock ticks of 10 ms); zero when unknown.</summary>
    public static TimeSpan Of(int? pid)
    {
        if (pid is null) return TimeSpan.Zero;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The fields after the command (in parentheses, which may hold spaces): utime is field 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>The 1-, 5- and 15-minute load averages, printed beside a figure taken on a shared machine.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
