using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Abaco.Testing;
using Abaco.Testing.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Abaco.Cluster.Tests;

/// <summary>An api-only, a core-only and a spawner-only process, shared by the specs of <see cref="LargeMessageSpecs"/>.</summary>
public sealed class SplitRolesCluster : IAsyncLifetime
{
    public ClusterFixture Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await ClusterFixture.StartAsync([new("api", "api"), new("core", "core"), new("spawner", "spawner")]);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Bodies larger than <c>web.max_inline_message</c> never ride Akka remoting: the api process stores them and only a
/// reference reaches the entity (core process) and the worker (spawner process), which streams the bytes from the
/// body store into the container. The python-actor image's binary mode prints the length and SHA-256 of what it read
/// from its FIFO.
/// </summary>
public sealed class LargeMessageSpecs(SplitRolesCluster fixture, ITestOutputHelper output) : IClassFixture<SplitRolesCluster>
{
    private static readonly TimeSpan LargeDeadline = TimeSpan.FromMinutes(4);

    [Theory(DisplayName = "A large binary message posted to an api-only node reaches a container on a spawner-only node byte-exact")]
    [InlineData(5L * 1024 * 1024)]
    [InlineData(200L * 1024 * 1024)]
    public async Task Binary_message_arrives_byte_exact(long length)
    {
        using var client = fixture.Cluster["api"].Client();
        var actorId = await client.CreateActorAsync(new
        {
            image = "abaco/python-actor",
            default_environment = new { ACTOR_MODE = "binary" },
        });
        await using var body = new PatternStream(length);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/actors/{actorId}/messages")
        {
            Content = new StreamContent(body, 1 << 20) { Headers = { ContentType = new("application/octet-stream"), ContentLength = length } },
        };
        var clock = Stopwatch.StartNew();

        var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        output.WriteLine($"{length / (1024 * 1024)} MB accepted in {clock.Elapsed.TotalSeconds:0.0} s");
        var executionId = answer.Result.GetProperty("execution_id").GetString()!;
        await client.WaitCompleteAsync(actorId, executionId, LargeDeadline);
        output.WriteLine($"{length / (1024 * 1024)} MB execution complete {clock.Elapsed.TotalSeconds:0.0} s after the POST began");
        var logs = await client.LogsAsync(actorId, executionId);
        Assert.Contains($"length: {length}", logs);
        Assert.Contains($"sha256: {body.Sha256Hex()}", logs);
        Assert.Contains(fixture.Cluster["spawner"].HostId, (await client.GetAsync($"/actors/{actorId}/workers")).Body);
    }

    [Fact(DisplayName = "A text message longer than web.max_inline_message arrives whole in MSG")]
    public async Task Long_text_message_arrives_whole_in_msg()
    {
        using var client = fixture.Cluster["api"].Client();
        var actorId = await client.CreateActorAsync(new { image = "abaco/test-busybox" });
        // 100 KB: above the 64 KB default threshold, below the kernel's limit for one variable (128 KB).
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"w{i % 10_000:D5}-")) + "end";
        Assert.True(text.Length > 65_536);

        var executionId = await client.SendAsync(actorId, text);

        await client.WaitCompleteAsync(actorId, executionId);
        Assert.Contains($"Contents of MSG: {text}\n", await client.LogsAsync(actorId, executionId));
    }

    /// <summary>
    /// A body made on the fly (never whole in memory) that hashes what it hands out, so the test knows the digest of
    /// exactly the bytes sent.
    /// </summary>
    private sealed class PatternStream(long length) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;
        private string? _digest;

        // Known once the last byte is handed out: the HTTP client disposes the stream after sending it.
        public string Sha256Hex() =>
            _digest ?? throw new InvalidOperationException($"Only {_position} of {length} bytes were sent.");

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = (byte)(at * 31 + (at >> 13));
            }
            _hash.AppendData(buffer, offset, n);
            _position += n;
            if (_position == length) _digest ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
