using System.Globalization;

namespace Abaco.Containers;

/// <summary>
/// Reads a container's cumulative CPU time and block I/O straight from its cgroup files. This costs
/// microseconds, where <c>docker stats</c> costs 1-2 s per call. Knows cgroup v1 and v2, with the
/// cgroupfs ("docker/&lt;id&gt;") and systemd ("docker-&lt;id&gt;.scope") drivers.
/// </summary>
internal sealed class CgroupUsageReader(string root)
{
    public ResourceUsage Read(string containerId) => new(ReadCpuNanos(containerId), ReadIoBytes(containerId));

    private long? ReadCpuNanos(string id)
    {
        foreach (var dir in V1Dirs("cpuacct", id).Concat(V1Dirs("cpu,cpuacct", id)))
        {
            if (TryRead(Path.Combine(dir, "cpuacct.usage")) is { } text
                && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var nanos))
            {
                return nanos;
            }
        }
        foreach (var dir in V2Dirs(id))
        {
            if (TryRead(Path.Combine(dir, "cpu.stat")) is { } text && ParseCpuStatUsec(text) is { } usec)
            {
                return usec * 1000;
            }
        }
        return null;
    }

    private long? ReadIoBytes(string id)
    {
        foreach (var dir in V1Dirs("blkio", id))
        {
            if (TryRead(Path.Combine(dir, "blkio.throttle.io_service_bytes")) is { } text && ParseBlkioTotal(text) is { } total)
            {
                return total;
            }
        }
        foreach (var dir in V2Dirs(id))
        {
            if (TryRead(Path.Combine(dir, "io.stat")) is { } text)
            {
                return ParseIoStat(text);
            }
        }
        return null;
    }

    /// <summary>How many times the kernel's OOM killer killed a process of the container (v2 memory.events; v1 memory.oom_control).</summary>
    public long? ReadOomKills(string id)
    {
        foreach (var dir in V2Dirs(id))
        {
            if (TryRead(Path.Combine(dir, "memory.events")) is { } text) return ParseCounter(text, "oom_kill");
        }
        foreach (var dir in V1Dirs("memory", id))
        {
            if (TryRead(Path.Combine(dir, "memory.oom_control")) is { } text) return ParseCounter(text, "oom_kill");
        }
        return null;
    }

    /// <summary>The value of a "name N" line of a cgroup counter file; 0 when the line is absent.</summary>
    internal static long ParseCounter(string text, string name)
    {
        foreach (var line in Lines(text))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && fields[0] == name && TryLong(fields[1], out var value)) return value;
        }
        return 0;
    }

    private IEnumerable<string> V1Dirs(string controller, string id)
    {
        yield return Path.Combine(root, controller, "docker", id);
        yield return Path.Combine(root, controller, "system.slice", $"docker-{id}.scope");
    }

    private IEnumerable<string> V2Dirs(string id)
    {
        yield return Path.Combine(root, "system.slice", $"docker-{id}.scope");
        yield return Path.Combine(root, "docker", id);
    }

    // The cgroup disappears when the container exits, so a missing file is normal, not an error. Looked for first: a
    // short container is gone before its first sample, most paths tried are of the other cgroup version, and each
    // missing file read as an exception cost ten throws a container (one per path tried) twice over.
    private static string? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>v1 blkio.throttle.io_service_bytes: the closing "Total N" line, else the sum of the per-device totals.</summary>
    internal static long? ParseBlkioTotal(string text)
    {
        long? deviceSum = null;
        foreach (var line in Lines(text))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["Total", var all] && TryLong(all, out var total))
            {
                return total;
            }
            if (fields is [_, "Total", var device] && TryLong(device, out var bytes))
            {
                deviceSum = (deviceSum ?? 0) + bytes;
            }
        }
        return deviceSum;
    }

    /// <summary>v2 cpu.stat: the "usage_usec N" line.</summary>
    internal static long? ParseCpuStatUsec(string text)
    {
        foreach (var line in Lines(text))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["usage_usec", var value] && TryLong(value, out var usec))
            {
                return usec;
            }
        }
        return null;
    }

    /// <summary>v2 io.stat: "MAJ:MIN rbytes=N wbytes=N ..." per device; the sum of rbytes and wbytes.</summary>
    internal static long ParseIoStat(string text)
    {
        long total = 0;
        foreach (var line in Lines(text))
        {
            foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if ((field.StartsWith("rbytes=", StringComparison.Ordinal) || field.StartsWith("wbytes=", StringComparison.Ordinal))
                    && TryLong(field[7..], out var bytes))
                {
                    total += bytes;
                }
            }
        }
        return total;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
