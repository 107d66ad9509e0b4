namespace Abaco.Containers.Tests;

[Collection(DockerCollection.Name)]
public sealed class RunningContainersSpecs(DockerFixture docker)
{
    [Fact(DisplayName = "The environment reaches the container and its output comes back as logs")]
    public async Task Environment_reaches_the_container()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage, new Dictionary<string, string>
        {
            ["MSG"] = "hello",
            ["_abaco_execution_id"] = "ex-123",
        });

        var outcome = await scope.RunAsync(spec);

        Assert.StartsWith("Contents of MSG: hello\n", outcome.Logs);
        Assert.Contains("Environment:\n", outcome.Logs);
        Assert.Contains("_abaco_execution_id=ex-123\n", outcome.Logs);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("exited", outcome.FinalState?.Status);
        Assert.False(outcome.StoppedByAbaco);
    }

    [Fact(DisplayName = "stdout and stderr are both captured")]
    public async Task Both_streams_are_captured()
    {
        await using var scope = new ContainerScope(docker);

        var outcome = await scope.RunAsync(scope.Spec(DockerFixture.ExitImage));

        Assert.Contains("failing on purpose\n", outcome.Logs);
        Assert.Contains("about to exit\n", outcome.Logs);
    }

    [Fact(DisplayName = "A non-zero exit code is reported, also in the final state")]
    public async Task Non_zero_exit_code_is_reported()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.ExitImage, new Dictionary<string, string> { ["EXIT_CODE"] = "7" });

        var outcome = await scope.RunAsync(spec);

        Assert.Equal(7, outcome.ExitCode);
        Assert.NotNull(outcome.FinalState);
        Assert.Equal(7, outcome.FinalState.ExitCode);
        Assert.Equal("exited", outcome.FinalState.Status);
        Assert.False(outcome.FinalState.Running);
        Assert.False(outcome.FinalState.OOMKilled);
        Assert.False(outcome.StoppedByAbaco);
    }

    [Fact(DisplayName = "Start and finish times are UTC and in order")]
    public async Task Times_are_sane()
    {
        await using var scope = new ContainerScope(docker);
        var before = DateTime.UtcNow;

        var outcome = await scope.RunAsync(scope.Spec(DockerFixture.BusyboxImage));

        var after = DateTime.UtcNow;
        Assert.Equal(DateTimeKind.Utc, outcome.StartTime.Kind);
        Assert.Equal(DateTimeKind.Utc, outcome.FinishTime.Kind);
        Assert.InRange(outcome.StartTime, before, after);
        Assert.True(outcome.FinishTime >= outcome.StartTime, $"finish {outcome.FinishTime:O} before start {outcome.StartTime:O}");
        Assert.True(outcome.FinishTime <= after.AddSeconds(1), $"finish {outcome.FinishTime:O} after the run ended {after:O}");
        Assert.NotNull(outcome.FinalState?.StartedAt);
        Assert.NotNull(outcome.FinalState?.FinishedAt);
    }

    [Fact(DisplayName = "CPU time is measured from the cgroup while the container runs")]
    public async Task Cpu_time_is_measured()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage) with
        {
            // about half a second of pure shell arithmetic
            Command = ["/bin/sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo counted"],
        };

        var outcome = await scope.RunAsync(spec);

        Assert.Contains("counted", outcome.Logs);
        Assert.True(outcome.CpuNanos > 50_000_000, $"expected more than 50 ms of CPU, got {outcome.CpuNanos} ns");
        Assert.True(outcome.IoBytes >= 0);
    }

    [Fact(DisplayName = "Mounts honour read-only and read-write")]
    public async Task Mounts_honour_read_only()
    {
        await using var scope = new ContainerScope(docker);
        var host = Directory.CreateTempSubdirectory("abaco-mounts-");
        try
        {
            var readOnly = Directory.CreateDirectory(Path.Combine(host.FullName, "ro"));
            var readWrite = Directory.CreateDirectory(Path.Combine(host.FullName, "rw"));
            var spec = scope.Spec(DockerFixture.BusyboxImage) with
            {
                Mounts = [new ContainerMount(readOnly.FullName, "/ro", ReadOnly: true), new ContainerMount(readWrite.FullName, "/rw", ReadOnly: false)],
                Command = ["/bin/sh", "-c", "echo yes > /rw/written && echo rw-ok; echo no > /ro/written && echo ro-ok; exit 0"],
            };

            var outcome = await scope.RunAsync(spec);

            Assert.Contains("rw-ok", outcome.Logs);
            Assert.DoesNotContain("ro-ok", outcome.Logs);
            Assert.Contains("Read-only file system", outcome.Logs);
            Assert.Equal("yes\n", File.ReadAllText(Path.Combine(readWrite.FullName, "written")));
            Assert.False(File.Exists(Path.Combine(readOnly.FullName, "written")));
        }
        finally
        {
            host.Delete(recursive: true);
        }
    }

    [Fact(DisplayName = "Memory, CPU, user, privilege and network settings reach the container's HostConfig")]
    public async Task Limits_user_and_network_are_applied()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage) with
        {
            MemoryBytes = 64L * 1024 * 1024,
            NanoCpus = 500_000_000,
            User = "1234:5678",
            Network = "none",
            Command = ["/bin/sh", "-c", "id -u; id -g"],
        };

        var started = await docker.Runtime.StartAsync(spec, CancellationToken.None);
        var inspected = await docker.Client.Containers.InspectContainerAsync(started.ContainerId);
        var outcome = await docker.Runtime.WaitAsync(started, null, CancellationToken.None);

        Assert.NotNull(inspected.HostConfig);
        Assert.NotNull(inspected.Config);
        Assert.Equal(64L * 1024 * 1024, inspected.HostConfig.Memory);
        Assert.Equal(500_000_000, inspected.HostConfig.NanoCPUs);
        Assert.Equal("1234:5678", inspected.Config.User);
        Assert.Equal("none", inspected.HostConfig.NetworkMode);
        Assert.False(inspected.HostConfig.Privileged);
        Assert.Equal("1234\n5678\n", outcome.Logs);
    }

    [Fact(DisplayName = "Going over MemoryBytes is reported as OOMKilled in the final state")]
    public async Task Out_of_memory_is_reported()
    {
        await using var scope = new ContainerScope(docker);
        var spec = scope.Spec(DockerFixture.BusyboxImage) with
        {
            MemoryBytes = 16L * 1024 * 1024,
            // tail holds its whole (newline-free) input in memory
            Command = ["/bin/sh", "-c", "head -c 200m /dev/zero | tail > /dev/null; echo after"],
        };

        var outcome = await scope.RunAsync(spec);

        Assert.True(outcome.FinalState?.OOMKilled, $"expected an OOM kill; logs: {outcome.Logs}");
    }

    [Fact(DisplayName = "Unset limits mean unlimited and the default network")]
    public async Task Defaults_are_unlimited()
    {
        await using var scope = new ContainerScope(docker);

        var started = await docker.Runtime.StartAsync(scope.Spec(DockerFixture.BusyboxImage), CancellationToken.None);
        var inspected = await docker.Client.Containers.InspectContainerAsync(started.ContainerId);
        await docker.Runtime.WaitAsync(started, null, CancellationToken.None);

        Assert.NotNull(inspected.HostConfig);
        Assert.Equal(0, inspected.HostConfig.Memory);
        Assert.Equal(0, inspected.HostConfig.NanoCPUs);
        Assert.Equal("default", inspected.HostConfig.NetworkMode);
    }
}
