using System.Text.Json;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Issue #4 "done when": Abaco left alone under an uneven load — several actors, bursts, an idle gap long enough for
/// the workers to go away, a container killed from outside — ends with every execution COMPLETE or ERROR with a
/// reason, and nothing behind: no container, no worker record, no results socket or FIFO directory.
/// </summary>
public sealed class SoakSpecs
{
    [Fact(DisplayName = "Soak: bursts to several actors, an idle gap and a container killed from outside leave every execution finished and nothing behind")]
    public async Task Uneven_load_ends_clean()
    {
        await using var node = await AbacoNode.StartAsync("abaco.workers.autoscaling = true");
        using var client = new AbacoClient(node.BaseUrl);
        var echo = await client.CreateActorAsync(new { image = "abaco/test-busybox", max_workers = 2 });
        var sleeper = await client.CreateActorAsync(new
        {
            image = "abaco/test-sleep",
            max_workers = 3,
            default_environment = new { SLEEP_SECONDS = "1" },
        });
        var failing = await client.CreateActorAsync(new { image = "abaco/test-exit" });
        var actors = new[] { echo, sleeper, failing };
        var sent = actors.ToDictionary(a => a, _ => new List<string>());

        await Burst(client, actors, sent, "first");
        // The victim runs long enough to be killed from outside while the second burst queues up.
        var victim = await client.SendAsync(sleeper, "victim", "?SLEEP_SECONDS=600");
        sent[sleeper].Add(victim);
        await WaitFinished(client, sent, except: victim);

        // Idle gap: the actors without work scale down to zero workers.
        foreach (var actor in new[] { echo, failing })
            await Eventually.TrueAsync(async () => (await Workers(client, actor)).Count == 0, TimeSpan.FromSeconds(60),
                $"the idle workers of {actor} to go away");

        await client.WaitStatusAsync(sleeper, victim, ["RUNNING"]);
        await Burst(client, actors, sent, "second");
        var victimContainers = await Docker.ContainerIdsAsync($"abaco.execution_id={victim}");
        Assert.NotEmpty(victimContainers);
        await Docker.RemoveContainersAsync($"abaco.execution_id={victim}");

        var finished = await WaitFinished(client, sent, except: null);
        foreach (var execution in finished)
        {
            var status = execution.GetProperty("status").GetString();
            Assert.True(status is "COMPLETE" or "ERROR", $"execution ended {status}");
            if (status == "ERROR")
                Assert.False(string.IsNullOrWhiteSpace(execution.GetProperty("status_message").GetString()),
                    $"execution {execution.GetProperty("id")} ended ERROR without a reason");
        }
        foreach (var id in sent[echo])
            Assert.Contains("Contents of MSG:", await client.LogsAsync(echo, id));
        foreach (var id in sent[failing])
            Assert.Equal(3, (await client.ExecutionAsync(failing, id)).GetProperty("exit_code").GetInt32());

        foreach (var actor in actors)
        {
            await Eventually.TrueAsync(async () => (await Workers(client, actor)).Count == 0, TimeSpan.FromSeconds(60),
                $"every worker of {actor} to go away");
            Assert.Equal(0, await client.PendingMessagesAsync(actor));
        }
        await Eventually.TrueAsync(async () => (await Docker.ContainerIdsAsync($"abaco.host_id={node.HostId}")).Length == 0,
            TimeSpan.FromSeconds(60), "every container of the node to be removed");
        foreach (var directory in new[] { "results_sockets", "fifos" }.Select(d => Path.Combine(node.DataDir, d)))
            await Eventually.TrueAsync(
                () => Task.FromResult(!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any()),
                TimeSpan.FromSeconds(60), $"{directory} to be empty");
    }

    private static async Task Burst(AbacoClient client, string[] actors, Dictionary<string, List<string>> sent, string name)
    {
        var sends = actors.SelectMany(actor => Enumerable.Range(0, 6).Select(async i =>
            (actor, id: await client.SendAsync(actor, $"{name} {i}")))).ToList();
        foreach (var (actor, id) in await Task.WhenAll(sends)) sent[actor].Add(id);
    }

    private static async Task<List<JsonElement>> WaitFinished(AbacoClient client, Dictionary<string, List<string>> sent,
        string? except)
    {
        var finished = new List<JsonElement>();
        foreach (var (actor, ids) in sent)
        foreach (var id in ids.Where(id => id != except))
            finished.Add(await client.WaitFinishedAsync(actor, id, TimeSpan.FromSeconds(180)));
        return finished;
    }

    private static async Task<List<JsonElement>> Workers(AbacoClient client, string actor) =>
        (await client.GetAsync($"/actors/{actor}/workers")).Result.EnumerateArray().ToList();
}
