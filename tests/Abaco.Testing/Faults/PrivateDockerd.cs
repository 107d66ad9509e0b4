using System.Diagnostics;
using Abaco.Testing.Servers;

namespace Abaco.Testing.Faults;

/// <summary>
/// A Docker daemon of the test's own (needs root), so that a spec may restart it: the shared daemon other tests use is
/// never touched. It runs in a network namespace of its own (its bridge and iptables rules live there and cannot touch
/// the host's), with its own socket, data root and exec root (so it supervises its own containerd, whose state lives
/// below the exec root), and its containers under a cgroup parent of their own. The daemon and everything it starts
/// run in a cgroup made for them, so that the clean-up can end exactly those processes. The images a spec needs are
/// copied in from the shared daemon (<c>docker save | docker load</c>). Disposing removes all of it, and a watcher
/// does so should the test host die first.
/// </summary>
public sealed class PrivateDockerd : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);
    private readonly string _dir;
    private readonly string _name;
    private Process? _daemon;

    private PrivateDockerd(string dir)
    {
        _dir = dir;
        _name = Path.GetFileName(dir);
    }

    // Short: the daemon's unix sockets live below the directory and their paths are limited to about 100 bytes.
    private string Socket => Path.Combine(_dir, "docker.sock");
    private string PidFile => Path.Combine(_dir, "docker.pid");

    /// <summary>The value for <c>abaco.docker.dd</c>.</summary>
    public string Endpoint => $"unix://{Socket}";

    /// <summary>Where the daemon's output goes (read it when a spec fails).</summary>
    public string LogFile => Path.Combine(_dir, "dockerd.log");

    public static async Task<PrivateDockerd> StartAsync(params string[] images)
    {
        if (!ServerProcess.IsRoot) throw new InvalidOperationException("a private Docker daemon needs root");
        var dockerd = new PrivateDockerd(ServerProcess.TempDirectory("abaco-dd"));
        ServerProcess.CleanUpAfterExit(dockerd.CleanUpScript());
        try
        {
            await ServerProcess.RunAsync(null, "ip", "netns", "add", dockerd._name);
            await ServerProcess.RunAsync(null, "ip", "netns", "exec", dockerd._name, "ip", "link", "set", "lo", "up");
            Directory.CreateDirectory(dockerd.DaemonCgroup);
            await dockerd.StartAgainAsync();
            foreach (var image in images)
                await ServerProcess.RunAsync(null, "sh", "-c",
                    $"docker save {Q(image)} | docker -H {Q(dockerd.Endpoint)} load");
        }
        catch
        {
            await dockerd.DisposeAsync();
            throw;
        }
        return dockerd;
    }

    /// <summary>
    /// Starts the daemon (again). <c>nsenter --net</c> rather than <c>ip netns exec</c>: the latter also remounts
    /// /sys, which hides the cgroup mounts dockerd needs.
    /// </summary>
    public async Task StartAgainAsync()
    {
        var command = $"echo $$ > {Q(Path.Combine(DaemonCgroup, "cgroup.procs"))} && exec nsenter " +
                      $"--net=/var/run/netns/{_name} dockerd --host {Q(Endpoint)} " +
                      $"--data-root {Q(Path.Combine(_dir, "data"))} --exec-root {Q(Path.Combine(_dir, "exec"))} " +
                      $"--pidfile {Q(PidFile)} --cgroup-parent {_name} >> {Q(LogFile)} 2>&1";
        _daemon?.Dispose();
        _daemon = Process.Start(new ProcessStartInfo("sh", ["-c", command]))
                  ?? throw new InvalidOperationException("could not start dockerd");
        await Eventually.TrueAsync(AnswersAsync, StartDeadline, $"the private dockerd to answer (see {LogFile})");
    }

    /// <summary>SIGTERM, as an operator's restart does: without live-restore it stops its containers first.</summary>
    public async Task StopAsync()
    {
        if (_daemon is not { HasExited: false } daemon) return;
        await ServerProcess.RunAsync(null, "kill", "-TERM", daemon.Id.ToString());
        await daemon.WaitForExitAsync().WaitAsync(StopDeadline);
    }

    /// <summary>The cgroup (pids controller) the daemon, its containerd and the shims run in.</summary>
    private string DaemonCgroup => Path.Combine(PidsHierarchy, $"{_name}-daemon");

    private static string PidsHierarchy => Directory.Exists("/sys/fs/cgroup/pids") ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup";

    /// <summary>
    /// Everything the daemon left, whatever state it is in: stop it (SIGTERM, then SIGKILL to every process of its
    /// cgroup and of its containers' cgroups), unmount what is mounted below its directory, then delete the
    /// namespace, the cgroups and the directory.
    /// </summary>
    private string CleanUpScript()
    {
        var (dir, pidFile, cgroups) = (Q(_dir), Q(PidFile), Q(PidsHierarchy));
        var killAll = $"for f in $(find {cgroups}/{_name}-daemon {cgroups}/{_name} -name cgroup.procs 2>/dev/null); " +
                      "do for p in $(cat $f); do kill -KILL $p 2>/dev/null; done; done";
        return string.Join("; ",
            $"p=$(cat {pidFile} 2>/dev/null)",
            "if [ -n \"$p\" ]; then kill -TERM $p 2>/dev/null; i=0; while kill -0 $p 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done; fi",
            killAll, "sleep 0.5", killAll,
            $"grep -o \" {_dir}[^ ]*\" /proc/mounts | sort -r | while read m; do umount -l \"$m\"; done",
            $"ip netns del {_name} 2>/dev/null",
            $"find /sys/fs/cgroup -depth -type d \\( -path '*/{_name}/*' -o -name {_name} -o -name {_name}-daemon \\) -exec rmdir {{}} \\; 2>/dev/null",
            $"rm -rf {dir}",
            "true");
    }

    private async Task<bool> AnswersAsync()
    {
        if (_daemon is { HasExited: true })
            throw new InvalidOperationException($"the private dockerd exited: {await File.ReadAllTextAsync(LogFile)}");
        try
        {
            await ServerProcess.RunAsync(null, "docker", "-H", Endpoint, "version");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Q(string path) => ServerProcess.ShellQuote(path);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _daemon?.Dispose();
            await ServerProcess.RunAsync(null, "sh", "-c", CleanUpScript());
        }
    }
}
