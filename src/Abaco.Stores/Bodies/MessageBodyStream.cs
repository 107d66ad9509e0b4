using Abaco.Core.Messages;

namespace Abaco.Stores.Bodies;

/// <summary>
/// A stored body as a read-only stream that fetches one chunk at a time as it is read into one pooled buffer (given
/// back on dispose), so a reader holds one chunk and allocates nothing per chunk. A body that vanishes (or comes up short) before <see cref="MessageBodyRef.Length"/> bytes throws
/// <see cref="IOException"/> rather than end early: a truncated message must not look whole.
/// </summary>
public sealed class MessageBodyStream(IMessageBodyStore store, MessageBodyRef body) : Stream
{
    private byte[]? _chunk = MessageBodyChunks.Rent();
    private int _length;
    private int _offset;
    private int _nextIndex;
    private long _delivered;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => body.Length;

    public override long Position
    {
        get => _delivered;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken ct = default)
    {
        if (destination.IsEmpty || _delivered >= body.Length) return 0;
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        if (_offset == _length)
        {
            _length = await store.ReadChunkAsync(body.Id, _nextIndex, _chunk, ct).ConfigureAwait(false);
            _offset = 0;
            if (_length == 0)
                throw new IOException($"Message body {body.Id} ended after {_delivered} of {body.Length} bytes (deleted?)");
            _nextIndex++;
        }
        var n = Math.Min(destination.Length, _length - _offset);
        _chunk.AsMemory(_offset, n).CopyTo(destination);
        _offset += n;
        _delivered += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _chunk is not null)
        {
            MessageBodyChunks.Return(_chunk);
            _chunk = null;
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
