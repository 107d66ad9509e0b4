using System.Diagnostics;
using System.Text.Json;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Actor containers as an operator sees them with <c>docker inspect</c> (the node keeps finished containers): the
/// hardening every container gets by default, and the <c>cid</c> a worker shows.
/// </summary>
public sealed class ActorContainersSpecs(LimitsContainersNodeFixture fixture) : IClassFixture<LimitsContainersNodeFixture>
{
    [Fact(DisplayName = "Containers: no-new-privileges, a pids limit and a rotated json-file log by default; privileged actors keep setuid")]
    public async Task Containers_are_hardened()
    {
        using var client = fixture.Client();
        var ordinary = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var privileged = await client.CreateActorAsync(new { image = "abaco/test-busybox", privileged = true });

        var host = (await RunAndInspectAsync(client, ordinary)).GetProperty("HostConfig");
        var privilegedHost = (await RunAndInspectAsync(client, privileged)).GetProperty("HostConfig");

        Assert.Contains("no-new-privileges", host.GetProperty("SecurityOpt").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(512, host.GetProperty("PidsLimit").GetInt64());
        var log = host.GetProperty("LogConfig");
        Assert.Equal("json-file", log.GetProperty("Type").GetString());
        Assert.Equal("10m", log.GetProperty("Config").GetProperty("max-size").GetString());
        Assert.Equal("2", log.GetProperty("Config").GetProperty("max-file").GetString());

        Assert.True(privilegedHost.GetProperty("SecurityOpt").ValueKind == JsonValueKind.Null ||
                    !privilegedHost.GetProperty("SecurityOpt").EnumerateArray().Any(o => o.GetString() == "no-new-privileges"));
        Assert.Equal(512, privilegedHost.GetProperty("PidsLimit").GetInt64());
    }

    [Fact(DisplayName = "Workers: cid is never empty; before a first run it is <none>, then the id of the container the worker ran")]
    public async Task Worker_cid()
    {
        using var client = fixture.Client();
        // The sync hint keeps the worker after its run, so it can be asked about that run.
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox", hints = new[] { "sync" } });
        var before = Assert.Single(await client.WaitReadyWorkersAsync(actorId, 1));
        Assert.Equal("<none>", before.GetProperty("cid").GetString());

        var executionId = await client.SendAsync(actorId, "which container");
        await client.WaitCompleteAsync(actorId, executionId);
        var after = Assert.Single(await client.WaitReadyWorkersAsync(actorId, 1));
        var cid = after.GetProperty("cid").GetString()!;

        var container = await InspectAsync(cid);
        Assert.Equal(cid, container.GetProperty("Id").GetString());
        Assert.Equal(executionId, container.GetProperty("Config").GetProperty("Labels").GetProperty("abaco.execution_id").GetString());
        var one = (await client.GetAsync($"/actors/{actorId}/workers/{after.GetProperty("id").GetString()}")).Result;
        Assert.Equal(cid, one.GetProperty("cid").GetString());
    }

    private static async Task<JsonElement> RunAndInspectAsync(AbacoClient client, string actorId)
    {
        var executionId = await client.SendAsync(actorId, "inspect me");
        await client.WaitCompleteAsync(actorId, executionId);
        return await InspectAsync(Assert.Single(await Docker.ContainerIdsAsync($"abaco.execution_id={executionId}")));
    }

    private static async Task<JsonElement> InspectAsync(string containerId)
    {
        var info = new ProcessStartInfo("docker", ["inspect", containerId]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0) throw new Xunit.Sdk.XunitException($"docker inspect {containerId}: {await errors}");
        return JsonDocument.Parse(await output).RootElement[0].Clone();
    }
}
