namespace Abaco.Containers.Tests;

public sealed class CgroupUsageReaderSpecs : IDisposable
{
    private const string Id = "0123456789abcdef";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("abaco-cgroup-");

    [Fact(DisplayName = "cgroup v1 (cgroupfs driver): cpuacct.usage and the blkio Total line")]
    public void Reads_cgroup_v1()
    {
        Write($"cpuacct/docker/{Id}/cpuacct.usage", "123456789\n");
        Write($"blkio/docker/{Id}/blkio.throttle.io_service_bytes", "8:0 Read 100\n8:0 Write 20\n8:0 Total 120\nTotal 120\n");

        var usage = new CgroupUsageReader(_root.FullName).Read(Id);

        Assert.Equal(new ResourceUsage(123456789, 120), usage);
    }

    [Fact(DisplayName = "cgroup v1 (systemd driver) under system.slice/docker-<id>.scope")]
    public void Reads_cgroup_v1_systemd()
    {
        Write($"cpuacct/system.slice/docker-{Id}.scope/cpuacct.usage", "42");
        Write($"blkio/system.slice/docker-{Id}.scope/blkio.throttle.io_service_bytes", "Total 0\n");

        Assert.Equal(new ResourceUsage(42, 0), new CgroupUsageReader(_root.FullName).Read(Id));
    }

    [Fact(DisplayName = "cgroup v2: cpu.stat usage_usec and io.stat rbytes + wbytes")]
    public void Reads_cgroup_v2()
    {
        Write($"system.slice/docker-{Id}.scope/cpu.stat", "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
        Write($"system.slice/docker-{Id}.scope/io.stat",
            "8:0 rbytes=4096 wbytes=1024 rios=1 wios=1 dbytes=0 dios=0\n259:0 rbytes=10 wbytes=5 rios=1 wios=1 dbytes=0 dios=0\n");

        Assert.Equal(new ResourceUsage(2_500_000, 5135), new CgroupUsageReader(_root.FullName).Read(Id));
    }

    [Fact(DisplayName = "OOM kills: oom_kill of v2 memory.events or v1 memory.oom_control; unknown without the cgroup")]
    public void Reads_oom_kills()
    {
        var reader = new CgroupUsageReader(_root.FullName);
        Assert.Null(reader.ReadOomKills(Id));

        Write($"memory/docker/{Id}/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Assert.Equal(2, reader.ReadOomKills(Id));

        Write($"system.slice/docker-{Id}.scope/memory.events", "low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\n");
        Assert.Equal(1, reader.ReadOomKills(Id));
    }

    [Fact(DisplayName = "Missing cgroup files read as unknown, not as an error")]
    public void Missing_files_are_unknown()
    {
        Assert.Equal(new ResourceUsage(null, null), new CgroupUsageReader(_root.FullName).Read(Id));
    }

    [Fact(DisplayName = "blkio without a closing Total line sums the per-device totals")]
    public void Blkio_sums_devices() =>
        Assert.Equal(30, CgroupUsageReader.ParseBlkioTotal("8:0 Read 10\n8:0 Total 10\n8:16 Total 20\n"));

    public void Dispose() => _root.Delete(recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
