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
