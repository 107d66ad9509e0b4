using System.Net;
using System.Security.Cryptography;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A binary message is streamed from the request into the body store and from there into the container's FIFO: the
/// node never holds it whole (nor base64 in its journal or state), so its memory does not grow with the message.
/// </summary>
public sealed class LargeBinaryMessageSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private const int Megabyte = 1024 * 1024;
    private readonly AbacoClient _client = fixture.Client();

    [Fact(DisplayName = "A 100 MB binary message arrives byte-exact while the node's peak memory grows by less than half of it")]
    public async Task Large_binary_message_is_streamed()
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            // The reader waits for a slow pipe rather than take a pause for the end of the message.
            default_environment = new { ACTOR_MODE = "binary", ABACO_BINARY_IDLE_SECONDS = "10" },
        });
        // The same path once with a small message, so what it loads and compiles is in the baseline.
        await RunAsync(id, Bytes(3 * Megabyte / 2, seed: 1));
        var before = PeakRssBytes();

        // Streaming costs a bounded amount whatever the size (measured: about 15-25 MB of peak growth for 50, 100 or
        // 150 MB, mostly the GC's budgets); holding the message costs at least its size. 100 MB keeps the two apart.
        var large = Bytes(100 * Megabyte, seed: 2);
        await RunAsync(id, large);

        var growth = PeakRssBytes() - before;
        Assert.True(growth < large.Length / 2,
            $"The node's peak RSS grew by {growth / Megabyte} MB for a {large.Length / Megabyte} MB message");
    }

    private async Task RunAsync(string id, byte[] bytes)
    {
        var answer = await _client.PostBytesAsync($"/actors/{id}/messages", bytes);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var executionId = answer.Result.GetProperty("execution_id").GetString()!;
        var execution = await _client.WaitCompleteAsync(id, executionId, TimeSpan.FromMinutes(3));
        Assert.Equal(0, execution.GetProperty("exit_code").GetInt64());
        var logs = await _client.LogsAsync(id, executionId);
        Assert.Contains($"length: {bytes.Length}", logs);
        Assert.Contains($"sha256: {Convert.ToHexStringLower(SHA256.HashData(bytes))}", logs);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The node process's peak resident set so far (VmHWM), in bytes.</summary>
    private long PeakRssBytes()
    {
        var pid = fixture.Node.ProcessId ?? throw new InvalidOperationException("The node is not running");
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
