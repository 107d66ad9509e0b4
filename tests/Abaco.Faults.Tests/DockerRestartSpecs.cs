using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Abaco.Testing.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Faults.Tests;

/// <summary>
/// The Docker daemon restarts (a private one, in a network namespace of its own: the shared daemon is never touched)
/// with an execution running and messages queued. The running execution ends ERROR saying so, the queued messages and
/// one sent while the daemon is away run once it is back, the workers are READY again and no container is left behind.
/// </summary>
[Trait("Category", "Faults")]
public sealed class DockerRestartSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan EndDeadline = TimeSpan.FromSeconds(60);
    private const int Queued = 3;

    [Fact(DisplayName = "The Docker daemon restarts with an execution running and messages queued: it ends with a reason, they run")]
    public async Task Daemon_restart()
    {
        await using (var dockerd = await PrivateDockerd.StartAsync("abaco/test-sleep"))
        {
            await using var node = new AbacoNode($"abaco.docker.dd = \"{dockerd.Endpoint}\"", storeConfig: "");
            await node.StartAsync();
            try
            {
                await RestartUnderLoad(dockerd, node);
            }
            catch
            {
                output.WriteLine(string.Join('\n', node.Output.Split('\n').TakeLast(60)));
                throw;
            }
        }
        await SharedDaemonUntouched();
    }

    private async Task RestartUnderLoad(PrivateDockerd dockerd, AbacoNode node)
    {
        using var client = new AbacoClient(node.BaseUrl);
        var actor = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
        // Another actor, idle: its worker is handed a message while the daemon is away.
        var idle = await client.CreateActorAsync(new { image = "abaco/test-sleep" });
        await Eventually.TrueAsync(() => WorkersReadyAsync(client, idle), EndDeadline, "the idle actor's worker");
        var running = await client.SendAsync(actor, "running", "?SLEEP_SECONDS=60");
        await client.WaitStatusAsync(actor, running, ["RUNNING"]);
        var queued = new List<string>();
        for (var i = 0; i < Queued; i++) queued.Add(await client.SendAsync(actor, $"queued {i}", "?SLEEP_SECONDS=0"));

        var restart = Stopwatch.StartNew();
        await dockerd.StopAsync();
        var stopped = restart.Elapsed;
        var sentWhileAway = await client.SendAsync(idle, "while the daemon is away", "?SLEEP_SECONDS=0");
        await dockerd.StartAgainAsync();
        var back = restart.Elapsed;

        var ended = await client.WaitFinishedAsync(actor, running, EndDeadline);
        var endedAfter = restart.Elapsed;
        var status = ended.GetProperty("status").GetString();
        var message = ended.TryGetProperty("status_message", out var m) ? m.GetString() : null;
        Assert.True(status == "ERROR" && !string.IsNullOrWhiteSpace(message),
            $"the execution the restart stopped did not end ERROR with a reason: {ended.GetRawText()}");
        Assert.Contains("sleeping 60", await client.LogsAsync(actor, running)); // read once the daemon was back
        foreach (var id in queued) await client.WaitCompleteAsync(actor, id, EndDeadline);
        var queuedAfter = restart.Elapsed;
        await client.WaitCompleteAsync(idle, sentWhileAway, EndDeadline);
        var sentAfter = restart.Elapsed;

        await Eventually.TrueAsync(() => WorkersReadyAsync(client, actor), EndDeadline, "the actor's workers to be READY");
        await Eventually.TrueAsync(() => WorkersReadyAsync(client, idle), EndDeadline, "the idle actor's worker to be READY");
        await Eventually.TrueAsync(async () => (await ContainersAsync(dockerd)).Length == 0, EndDeadline,
            "no container to be left on the restarted daemon");
        output.WriteLine($"Docker daemon restart (stopped in {stopped.TotalSeconds:0.0} s, answering again " +
                         $"{back.TotalSeconds:0.0} s after the restart began): the running execution ended {status} " +
                         $"(\"{message}\") {endedAfter.TotalSeconds:0.0} s after it began; the {Queued} queued messages " +
                         $"COMPLETE {queuedAfter.TotalSeconds:0.0} s after; the message sent to an idle actor while the " +
                         $"daemon was away COMPLETE {sentAfter.TotalSeconds:0.0} s after; workers READY, no container left");
    }

    private static async Task<bool> WorkersReadyAsync(AbacoClient client, string actor)
    {
        var answer = await client.GetAsync($"/actors/{actor}/workers");
        return answer.Status == HttpStatusCode.OK
               && answer.Result.ValueKind == JsonValueKind.Array
               && answer.Result.GetArrayLength() > 0
               && answer.Result.EnumerateArray().All(w => w.GetProperty("status").GetString() == "READY");
    }

    private static async Task<string[]> ContainersAsync(PrivateDockerd dockerd) =>
        (await DockerCli.OutputAsync("-H", dockerd.Endpoint, "ps", "-aq"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The shared daemon still answers and its bridge is still there: nothing of the host was changed.</summary>
    private static async Task SharedDaemonUntouched()
    {
        await DockerCli.OutputAsync("ps", "-q");
        Assert.True(Directory.Exists("/sys/class/net/docker0"), "the shared daemon's docker0 bridge is gone");
    }
}
