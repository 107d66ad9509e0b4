using System.Diagnostics;
using System.Text.Json;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary><c>workers.max_run_time = 2</c>: Abaco stops containers that run longer (original-abaco.md §3.5).</summary>
public sealed class LimitsMaxRunTimeNodeFixture : NodeFixture
{
    protected override string ExtraConfig => "abaco.workers.max_run_time = 2";
}

/// <summary>
/// A node that keeps finished containers (so their Docker configuration can be inspected), runs them as a fixed
/// uid:gid with a fixed HOME, and mounts a per-user host directory read-only into every actor.
/// </summary>
public sealed class LimitsContainersNodeFixture : NodeFixture, IAsyncLifetime
{
    public string MountRoot { get; } = Directory.CreateTempSubdirectory("abaco-mounts-").FullName;

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try { Directory.Delete(MountRoot, recursive: true); }
        catch (IOException) { } // best effort: a leftover empty temp directory harms nobody
        catch (UnauthorizedAccessException) { }
    }

    protected override string ExtraConfig => $"""
        abaco.workers.leave_containers = true
        abaco.workers.actor_uid = "1234"
        abaco.workers.actor_gid = "5678"
        abaco.workers.actor_homedir = "/home/abaco-actors"
        abaco.workers.global_mounts = ["{MountRoot}/{"{username}"}:/data:ro"]
        abaco.workers.SD2E_actor_uid = "4321"
        abaco.workers.sd2e_global_mounts = ["{MountRoot}/tenant-{"{tenant_id}"}:/tenant:rw"]
        abaco.web.SD2E_default_token = true
        """;
}

public sealed class LimitsMaxRunTimeSpecs(LimitsMaxRunTimeNodeFixture fixture) : IClassFixture<LimitsMaxRunTimeNodeFixture>
{
    [Theory(DisplayName = "An execution running past workers.max_run_time is stopped; the execution is COMPLETE with its logs")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Long_runs_are_stopped(string mode)
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new
        {
            image = "abaco/test-sleep",
            default_environment = new { SLEEP_SECONDS = "60" },
            hints = ExecutionModes.Hints(mode),
        });
        var started = Stopwatch.StartNew();
        var executionId = await client.SendAsync(actorId, "sleep");

        var execution = await client.WaitCompleteAsync(actorId, executionId, TimeSpan.FromSeconds(45));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(45), $"took {started.Elapsed}");
        Assert.True(execution.GetProperty("runtime").GetInt64() < 30, execution.ToString());
        Assert.NotEqual("", execution.GetProperty("status_message").GetString());
        var logs = await client.LogsAsync(actorId, executionId);
        Assert.Contains("sleeping 60", logs);
        Assert.DoesNotContain("done sleeping", logs);
    }
}

public sealed class LimitsContainersSpecs(LimitsContainersNodeFixture fixture) : IClassFixture<LimitsContainersNodeFixture>
{
    [Fact(DisplayName = "workers.actor_uid/actor_gid/actor_homedir: containers run as 1234:5678 with HOME set")]
    public async Task Containers_run_as_the_configured_user()
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var (executionId, container) = await RunAndInspectAsync(client, actorId, "who am i");

        Assert.Equal("1234:5678", container.GetProperty("Config").GetProperty("User").GetString());
        Assert.Contains("HOME=/home/abaco-actors", await client.LogsAsync(actorId, executionId));
    }

    [Fact(DisplayName = "An actor with use_container_uid runs as its image's user")]
    public async Task Use_container_uid_runs_as_the_image_user()
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", use_container_uid = true });
        var (executionId, container) = await RunAndInspectAsync(client, actorId, "as built");

        Assert.Equal("", container.GetProperty("Config").GetProperty("User").GetString());
        Assert.DoesNotContain("HOME=/home/abaco-actors", await client.LogsAsync(actorId, executionId));
    }

    [Fact(DisplayName = "workers.global_mounts: the actor's mounts show the owner's path, bound read-only into its containers")]
    public async Task Global_mounts_are_bound_read_only()
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var actor = (await client.GetAsync($"/actors/{actorId}")).Result;
        var owner = actor.GetProperty("owner").GetString()!;
        var hostPath = Path.Combine(fixture.MountRoot, owner);
        Directory.CreateDirectory(hostPath);

        var mount = Assert.Single(actor.GetProperty("mounts").EnumerateArray());
        Assert.Equal(hostPath, mount.GetProperty("host_path").GetString());
        Assert.Equal("/data", mount.GetProperty("container_path").GetString());
        Assert.Equal("ro", mount.GetProperty("mode").GetString());

        var (_, container) = await RunAndInspectAsync(client, actorId, "mounted");
        var bound = container.GetProperty("Mounts").EnumerateArray()
            .Single(m => m.GetProperty("Destination").GetString() == "/data");
        Assert.Equal(hostPath, bound.GetProperty("Source").GetString());
        Assert.False(bound.GetProperty("RW").GetBoolean());
    }

    [Fact(DisplayName = "Tenant variants (SD2E_actor_uid, sd2e_global_mounts, SD2E_default_token) apply to that tenant's actors instead of the global keys")]
    public async Task Tenant_variants_replace_the_global_keys()
    {
        using var client = fixture.Client("SD2E");
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var actor = (await client.GetAsync($"/actors/{actorId}")).Result;
        var hostPath = Path.Combine(fixture.MountRoot, "tenant-SD2E");
        Directory.CreateDirectory(hostPath);

        Assert.True(actor.GetProperty("token").GetBoolean());
        var mount = Assert.Single(actor.GetProperty("mounts").EnumerateArray());
        Assert.Equal(hostPath, mount.GetProperty("host_path").GetString());
        var (_, container) = await RunAndInspectAsync(client, actorId, "tenant's own");
        Assert.Equal("4321:5678", container.GetProperty("Config").GetProperty("User").GetString());
        var bound = Assert.Single(container.GetProperty("Mounts").EnumerateArray(),
            m => m.GetProperty("Source").GetString() == hostPath);
        Assert.Equal(("/tenant", true), (bound.GetProperty("Destination").GetString(), bound.GetProperty("RW").GetBoolean()));
        Assert.DoesNotContain(container.GetProperty("Mounts").EnumerateArray(),
            m => m.GetProperty("Destination").GetString() == "/data");

        using var otherTenant = fixture.Client();
        var globalActor = (await otherTenant.GetAsync($"/actors/{await otherTenant.CreateActorAsync(new { image = "abaco/test-busybox" })}")).Result;
        Assert.False(globalActor.GetProperty("token").GetBoolean());
    }

    [Fact(DisplayName = "A privileged actor's containers run privileged with the Docker socket mounted; others get neither")]
    public async Task Privileged_actor_gets_the_docker_socket()
    {
        using var client = fixture.Client();
        var privileged = await client.CreateActorAsync(new { image = "abaco/test-busybox", privileged = true });
        var ordinary = await client.CreateActorAsync(new { image = "abaco/test-busybox" });

        var (_, container) = await RunAndInspectAsync(client, privileged, "privileged");
        var (_, plain) = await RunAndInspectAsync(client, ordinary, "ordinary");

        Assert.True(container.GetProperty("HostConfig").GetProperty("Privileged").GetBoolean());
        Assert.Contains(container.GetProperty("Mounts").EnumerateArray(),
            m => m.GetProperty("Destination").GetString() == "/var/run/docker.sock");
        Assert.False(plain.GetProperty("HostConfig").GetProperty("Privileged").GetBoolean());
        Assert.DoesNotContain(plain.GetProperty("Mounts").EnumerateArray(),
            m => m.GetProperty("Destination").GetString() == "/var/run/docker.sock");
    }

    [Fact(DisplayName = "An actor's mem_limit and max_cpus become the container's memory and CPU limits")]
    public async Task Mem_limit_and_max_cpus_are_applied()
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new
        {
            image = "abaco/test-busybox",
            mem_limit = "32m",
            max_cpus = 500_000_000,
        });
        var (_, container) = await RunAndInspectAsync(client, actorId, "limited");

        var host = container.GetProperty("HostConfig");
        Assert.Equal(32L * 1024 * 1024, host.GetProperty("Memory").GetInt64());
        Assert.Equal(500_000_000, host.GetProperty("NanoCpus").GetInt64());
    }

    [Theory(DisplayName = "An execution that outgrows its actor's mem_limit is killed by the kernel (exit 137) and final_state says OOMKilled")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Memory_hog_is_oom_killed(string mode)
    {
        using var client = fixture.Client();
        var actorId = await client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            mem_limit = "32m",
            hints = ExecutionModes.Hints(mode),
        });
        // memory mode: a child process fills 200 MB, far more than 32 MiB; the actor exits 137 when it is OOM-killed.
        // The child, not PID 1, is killed: when PID 1 itself is, Docker 20.10 on cgroup v1 may handle the exit before
        // the OOM event and never record OOMKilled at all (seen in CI), which no final_state could then show.
        var executionId = await client.SendJsonAsync(actorId, new { mode = "memory", megabytes = 200 });

        var execution = await client.WaitCompleteAsync(actorId, executionId);

        Assert.Equal(137, execution.GetProperty("exit_code").GetInt64());
        Assert.Equal("", execution.GetProperty("status_message").GetString()); // killed by the kernel, not by Abaco
        Assert.True(execution.GetProperty("final_state").GetProperty("OOMKilled").GetBoolean(), execution.GetRawText());
        Assert.Contains("the child ended with -9", await client.LogsAsync(actorId, executionId));
    }

    [Fact(DisplayName = "log_ex: an actor's logs expire after its log_ex seconds; another actor's logs are still there")]
    public async Task Logs_expire_after_log_ex()
    {
        using var client = fixture.Client();
        var shortLived = await client.CreateActorAsync(new { image = "abaco/test-busybox", log_ex = 1 });
        var kept = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var gone = await client.SendAsync(shortLived, "forget me");
        var stays = await client.SendAsync(kept, "remember me");
        await client.WaitCompleteAsync(shortLived, gone);
        await client.WaitCompleteAsync(kept, stays);

        await Eventually.TrueAsync(async () => await client.LogsAsync(shortLived, gone) == "",
            TimeSpan.FromSeconds(30), "the logs of an actor with log_ex = 1 to expire");
        Assert.Contains("Contents of MSG: remember me", await client.LogsAsync(kept, stays));
    }

    private static async Task<(string ExecutionId, JsonElement Container)> RunAndInspectAsync(AbacoClient client,
        string actorId, string message)
    {
        var executionId = await client.SendAsync(actorId, message);
        await client.WaitCompleteAsync(actorId, executionId);
        var ids = await Docker.ContainerIdsAsync($"abaco.execution_id={executionId}");
        return (executionId, await InspectAsync(Assert.Single(ids)));
    }

    /// <summary><c>docker inspect</c> of one container, as an operator would look at it.</summary>
    private static async Task<JsonElement> InspectAsync(string containerId)
    {
        var info = new ProcessStartInfo("docker", ["inspect", containerId])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0) throw new Xunit.Sdk.XunitException($"docker inspect {containerId}: {await errors}");
        return JsonDocument.Parse(await output).RootElement[0].Clone();
    }
}
