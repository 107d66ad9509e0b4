using System.Security.Cryptography;
using Abaco.Core.Messages;
using Abaco.Stores.Bodies;
using Abaco.Stores.Tests.Backends;

namespace Abaco.Stores.Tests;

public abstract class MessageBodyStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private IMessageBodyStore Bodies => Stores.Bodies;

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new System.Random(length).NextBytes(bytes);
        return bytes;
    }

    private async Task<byte[]> ReadAll(MessageBodyRef body)
    {
        using var copy = new MemoryStream();
        await using var stream = new MessageBodyStream(Bodies, body);
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory(DisplayName = "A body comes back byte-exact with its length and SHA-256, across chunk boundaries")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(MessageBodyChunks.Size)]
    [InlineData(2 * MessageBodyChunks.Size + 12345)]
    public async Task Round_trip(int length)
    {
        var bytes = Random(length);

        var body = await Bodies.WriteAsync("DEV_a1", new MemoryStream(bytes), long.MaxValue);

        Assert.Equal(length, body.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), body.Sha256);
        Assert.Equal(bytes, await ReadAll(body));
    }

    [Fact(DisplayName = "Another instance over the same data (another node) reads the body")]
    public async Task Shared_between_nodes()
    {
        var bytes = Random(MessageBodyChunks.Size + 7);
        var body = await Bodies.WriteAsync("DEV_a1", new MemoryStream(bytes), long.MaxValue);

        var other = await Backend.OpenAsync();

        using var copy = new MemoryStream();
        await using var stream = new MessageBodyStream(other.Bodies, body);
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact(DisplayName = "A body over the limit is refused and nothing of it is kept; exactly the limit is fine")]
    public async Task Limit_enforced_while_streaming()
    {
        var bytes = Random(MessageBodyChunks.Size + 10);

        var error = await Assert.ThrowsAsync<MessageBodyTooLargeException>(() =>
            Bodies.WriteAsync("DEV_a1", new MemoryStream(bytes), bytes.Length - 1));

        Assert.Equal(bytes.Length - 1, error.MaxLength);
        Assert.Equal(0, await Bodies.CountAsync());
        var exact = await Bodies.WriteAsync("DEV_a1", new MemoryStream(bytes), bytes.Length);
        Assert.Equal(bytes, await ReadAll(exact));
    }

    [Fact(DisplayName = "A source that fails half-way (client gone) leaves nothing behind")]
    public async Task Failed_source_leaves_nothing()
    {
        var source = new FailingStream(Random(3 * MessageBodyChunks.Size), failAfter: 2 * MessageBodyChunks.Size + 5);

        await Assert.ThrowsAsync<IOException>(() => Bodies.WriteAsync("DEV_a1", source, long.MaxValue));

        Assert.Equal(0, await Bodies.CountAsync());
    }

    [Fact(DisplayName = "Deleting a body, or every body of an actor, removes them; a reader then fails rather than end early")]
    public async Task Deletes()
    {
        var one = await Bodies.WriteAsync("DEV_a1", new MemoryStream(Random(10)), long.MaxValue);
        var two = await Bodies.WriteAsync("DEV_a1", new MemoryStream(Random(20)), long.MaxValue);
        var other = await Bodies.WriteAsync("DEV_a2", new MemoryStream(Random(30)), long.MaxValue);

        await Bodies.DeleteAsync(one.Id);
        Assert.Equal(0, await Bodies.ReadChunkAsync(one.Id, 0, new byte[MessageBodyChunks.Size]));
        await Assert.ThrowsAsync<IOException>(() => ReadAll(one));
        Assert.Equal(2, await Bodies.CountAsync());

        await Bodies.DeleteForActorAsync("DEV_a1");
        Assert.Equal(0, await Bodies.ReadChunkAsync(two.Id, 0, new byte[MessageBodyChunks.Size]));
        Assert.Equal(Random(30), await ReadAll(other));
        Assert.Equal(1, await Bodies.CountAsync());
        await Bodies.DeleteAsync("never-was");
    }

    [Fact(DisplayName = "A body still being written is invisible, and swept once its writer is presumed dead")]
    public async Task Incomplete_invisible_then_swept()
    {
        var gate = new GatedStream(Random(MessageBodyChunks.Size + 1));
        var writing = Bodies.WriteAsync("DEV_a1", gate, long.MaxValue);
        await gate.FirstChunkTaken.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, await Bodies.CountAsync());
        Assert.Equal(0, await Bodies.DeleteIncompleteAsync(DateTime.UtcNow.AddHours(-1)));
        Assert.Equal(1, await Bodies.DeleteIncompleteAsync(DateTime.UtcNow.AddMinutes(1)));
        Assert.Equal(0, await Bodies.CountAsync());

        gate.Release.SetResult();
        // The writer finds its header gone: it must not report a body.
        await Assert.ThrowsAsync<IOException>(() => writing);
        Assert.Equal(0, await Bodies.CountAsync());
    }

    /// <summary>Gives <paramref name="failAfter"/> bytes, then fails as a reset connection would.</summary>
    private sealed class FailingStream(byte[] bytes, int failAfter) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (Position >= failAfter) throw new IOException("connection reset");
            return base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], ct);
        }
    }

    /// <summary>Hands out its first chunk at once, then waits for <see cref="Release"/>.</summary>
    private sealed class GatedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public TaskCompletionSource FirstChunkTaken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (Position >= MessageBodyChunks.Size)
            {
                FirstChunkTaken.TrySetResult();
                await Release.Task;
            }
            return await base.ReadAsync(buffer, ct);
        }
    }
}

public sealed class SqliteMessageBodyStoreSpecs() : MessageBodyStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresMessageBodyStoreSpecs() : MessageBodyStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionMessageBodyStoreSpecs() : MessageBodyStoreSpecs(new ProductionStoresUnderTest());
