using System.Security.Cryptography;
using Abaco.Core.Messages;

namespace Abaco.Stores.Bodies;

/// <summary>
/// What both backends share when writing a body: cutting the source into chunks of <see cref="Size"/> bytes, counting
/// against the limit and hashing on the way, and removing a half-written body whatever went wrong.
/// </summary>
public static class MessageBodyChunks
{
    /// <summary>Bytes per stored chunk: one row, one buffer; memory per transfer is about this much.</summary>
    public const int Size = 1024 * 1024;

    /// <summary>A new body id (opaque, unique).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Drives one body write: <paramref name="begin"/> (header), then <paramref name="chunk"/> per chunk (the array is
    /// reused after the call returns; the length says how much of it counts), then <paramref name="complete"/> (returns the rows it
    /// marked); on
    /// failure <paramref name="remove"/> (not cancellable) and rethrow.
    /// </summary>
    public static async Task<MessageBodyRef> WriteAsync(Stream source, long maxLength, CancellationToken ct,
        Func<string, Task> begin, Func<string, int, byte[], int, Task> chunk, Func<string, long, string, Task<int>> complete,
        Func<string, Task> remove)
    {
        var id = NewId();
        // Pooled: a fresh 1 MiB array per upload would be large-object garbage the GC lets pile up.
        var buffer = Rent();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var started = false;
        try
        {
            await begin(id).ConfigureAwait(false);
            started = true;
            long length = 0;
            for (var index = 0; ; index++)
            {
                var filled = await FillAsync(source, buffer, ct).ConfigureAwait(false);
                if (filled == 0) break;
                length += filled;
                if (length > maxLength) throw new MessageBodyTooLargeException(maxLength);
                hash.AppendData(buffer, 0, filled);
                await chunk(id, index, buffer, filled).ConfigureAwait(false);
                if (filled < Size) break;
            }
            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            // Nothing to complete means the header was swept meanwhile (DeleteIncompleteAsync): not a body.
            if (await complete(id, length, sha).ConfigureAwait(false) == 0)
                throw new IOException($"Message body {id} was removed while it was being written");
            return new MessageBodyRef(id, length, sha);
        }
        catch
        {
            if (started)
            {
                try { await remove(id).ConfigureAwait(false); }
                catch { /* the store is unreachable: DeleteIncompleteAsync sweeps it later */ }
            }
            throw;
        }
        finally
        {
            Return(buffer);
        }
    }

    /// <summary>The chunk's bytes as the backend stores them: the buffer itself when full, else a copy of its used part.</summary>
    public static byte[] Exact(byte[] buffer, int length) => length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();

    /// <summary>A chunk-sized buffer from the shared pool (give it back with <see cref="Return"/>).</summary>
    public static byte[] Rent() => System.Buffers.ArrayPool<byte>.Shared.Rent(Size);

    public static void Return(byte[] buffer) => System.Buffers.ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>Reads until the buffer is full or the source ends; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < Size)
        {
            var n = await source.ReadAsync(buffer.AsMemory(filled, Size - filled), ct).ConfigureAwait(false);
            if (n == 0) break;
            filled += n;
        }
        return filled;
    }
}
