using Abaco.Core.Messages;

namespace Abaco.Stores.Bodies;

/// <summary>
/// The bytes of binary messages, kept apart from the message so that neither the journal, the entity's state, its
/// snapshots nor cluster messages ever hold them. A body is a header row plus fixed-size chunks
/// (<see cref="MessageBodyChunks.Size"/>), streamed in and out one chunk at a time, so no body is ever whole in memory.
/// A body is readable only once every chunk is written; a write that fails or is cancelled half-way leaves nothing.
/// </summary>
public interface IMessageBodyStore
{
    /// <summary>
    /// Reads <paramref name="source"/> to its end into a new body of the actor and returns its reference once every
    /// chunk is durable. More than <paramref name="maxLength"/> bytes throws <see cref="MessageBodyTooLargeException"/>
    /// (having read at most one chunk past the limit). On any failure, cancellation included, what was written is
    /// removed before the exception leaves.
    /// </summary>
    Task<MessageBodyRef> WriteAsync(string actorDbId, Stream source, long maxLength, CancellationToken ct = default);

    /// <summary>
    /// Copies chunk <paramref name="index"/> (from 0) of a complete body into <paramref name="buffer"/> (at least
    /// <see cref="MessageBodyChunks.Size"/> bytes, reused by the caller so reading allocates nothing per chunk) and
    /// returns its length; 0 past the body's end or when there is no such (complete) body.
    /// </summary>
    Task<int> ReadChunkAsync(string bodyId, int index, byte[] buffer, CancellationToken ct = default);

    /// <summary>Removes the body (no-op when absent).</summary>
    Task DeleteAsync(string bodyId, CancellationToken ct = default);

    /// <summary>Removes every body of the actor, complete or not.</summary>
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);

    /// <summary>
    /// Removes bodies whose writing started before <paramref name="startedBefore"/> and never completed (their writer
    /// died with its process). Returns how many.
    /// </summary>
    Task<int> DeleteIncompleteAsync(DateTime startedBefore, CancellationToken ct = default);

    /// <summary>How many bodies are kept (complete or not), for tests and diagnostics.</summary>
    Task<long> CountAsync(CancellationToken ct = default);
}

/// <summary>A binary message longer than <c>web.max_content_length</c>; nothing of it is kept.</summary>
public sealed class MessageBodyTooLargeException(long maxLength)
    : Exception($"Message exceeds max content length of: {maxLength}")
{
    public long MaxLength { get; } = maxLength;
}
