using System.Net;
using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>A node that accepts binary messages of at most 1000 bytes.</summary>
public sealed class SmallMessagesNodeFixture : NodeFixture
{
    public const int MaxContentLength = 1000;

    protected override string ExtraConfig => $"abaco.web.max_content_length = {MaxContentLength}";
}

/// <summary>
/// original-abaco.md §1.4 #13 and #15, §3.4, §3.5: binary messages reach the container through its FIFO, results come back
/// from its datagram socket one per GET.
/// </summary>
public sealed class ApiBinaryAndResultsSpecs(SmallMessagesNodeFixture fixture) : IClassFixture<SmallMessagesNodeFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    [Theory(DisplayName = "A binary message arrives whole: 'binary - omitted' in the answer, its length and sha256 in the logs, the digest as its result")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Binary_message_round_trip(string mode)
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "binary" },
            hints = ExecutionModes.Hints(mode),
        });
        // Exactly the largest allowed, with every byte value (zeros and invalid UTF-8 included).
        var bytes = new byte[SmallMessagesNodeFixture.MaxContentLength];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 % 256);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var answer = await _client.PostBytesAsync($"/actors/{id}/messages", bytes);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("binary - omitted", answer.Result.GetProperty("msg").GetString());
        var executionId = answer.Result.GetProperty("execution_id").GetString()!;
        var execution = await _client.WaitCompleteAsync(id, executionId);
        Assert.Equal(0, execution.GetProperty("exit_code").GetInt64());
        var logs = await _client.LogsAsync(id, executionId);
        Assert.Contains($"length: {bytes.Length}", logs);
        Assert.Contains($"sha256: {digest}", logs);

        var result = await fixture.PopResultAsync(id, executionId);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("application/octet-stream", result.MediaType);
        Assert.Equal(digest, result.Text);
        Assert.Empty((await fixture.PopResultAsync(id, executionId)).Body);
    }

    [Theory(DisplayName = "A binary message has no MSG variable and its _abaco_Content_Type is application/octet-stream")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Binary_message_environment(string mode)
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", hints = ExecutionModes.Hints(mode) });

        var answer = await _client.PostBytesAsync($"/actors/{id}/messages", "MSG=not for the environment"u8.ToArray());
        var executionId = answer.Result.GetProperty("execution_id").GetString()!;
        await _client.WaitCompleteAsync(id, executionId);
        var lines = (await _client.LogsAsync(id, executionId)).Split('\n');

        Assert.Contains("_abaco_Content_Type=application/octet-stream", lines);
        Assert.Contains(lines, l => l.TrimEnd() == "Contents of MSG:");
        Assert.DoesNotContain(lines, l => l.StartsWith("MSG="));
    }

    [Fact(DisplayName = "A binary message larger than web.max_content_length is refused and runs nothing, with or without Content-Length")]
    public async Task Too_large_binary_message_is_refused()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });

        var answer = await _client.PostBytesAsync($"/actors/{id}/messages", new byte[SmallMessagesNodeFixture.MaxContentLength + 1]);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("Message exceeds max content length of: 1000", answer.Message);

        // Chunked (no Content-Length): counted as it streams in, refused once past the limit.
        var chunked = await _client.SendAsync(Chunked(id, new byte[SmallMessagesNodeFixture.MaxContentLength + 1]));
        Assert.Equal(HttpStatusCode.BadRequest, chunked.Status);
        Assert.Equal("Message exceeds max content length of: 1000", chunked.Message);

        var executions = (await _client.GetAsync($"/actors/{id}/executions")).Result;
        Assert.Equal(0, executions.GetProperty("total_executions").GetInt32());
        Assert.Equal(0, await _client.PendingMessagesAsync(id));
    }

    [Fact(DisplayName = "A chunked binary message (no Content-Length) within the limit arrives whole")]
    public async Task Chunked_binary_message_arrives()
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "binary" },
        });
        var bytes = new byte[SmallMessagesNodeFixture.MaxContentLength];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(255 - i % 256);

        var answer = await _client.SendAsync(Chunked(id, bytes));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var executionId = answer.Result.GetProperty("execution_id").GetString()!;
        await _client.WaitCompleteAsync(id, executionId);
        var logs = await _client.LogsAsync(id, executionId);
        Assert.Contains($"length: {bytes.Length}", logs);
        Assert.Contains($"sha256: {Convert.ToHexStringLower(SHA256.HashData(bytes))}", logs);
    }

    private static HttpRequestMessage Chunked(string id, byte[] bytes)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/actors/{id}/messages")
        {
            Content = AbacoClientExtensions.OctetStream(bytes),
        };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    [Theory(DisplayName = "Results come back one per GET in the order the actor sent them, raw, then an empty body")]
    [InlineData(ExecutionModes.Cold)]
    [InlineData(ExecutionModes.Warm)]
    public async Task Results_pop_in_order(string mode)
    {
        var id = await _client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "results" },
            hints = ExecutionModes.Hints(mode),
        });
        var executionId = await _client.SendJsonAsync(id, new { results = new[] { "first", "second", "thïrd" } });
        await _client.WaitCompleteAsync(id, executionId);

        foreach (var expected in new[] { "first", "second", "thïrd" })
        {
            var result = await fixture.PopResultAsync(id, executionId);
            Assert.Equal(HttpStatusCode.OK, result.Status);
            Assert.Equal("application/octet-stream", result.MediaType);
            Assert.Equal(Encoding.UTF8.GetBytes(expected), result.Body);
        }
        var none = await fixture.PopResultAsync(id, executionId);
        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal("application/octet-stream", none.MediaType);
        Assert.Empty(none.Body);
    }
}
