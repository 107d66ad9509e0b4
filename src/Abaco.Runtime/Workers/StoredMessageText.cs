using System.Text;
using Abaco.Core.Messages;
using Abaco.Stores.Bodies;

namespace Abaco.Runtime.Workers;

/// <summary>
/// A text or JSON message too long to travel inline reaches the worker as a reference to the body store; the worker
/// reads it back here, on its own node, before it composes the container's <c>MSG</c>.
/// </summary>
public static class StoredMessageText
{
    /// <summary>The message with its stored text put back; any other message as it is.</summary>
    public static async Task<QueuedMessage> InlineAsync(QueuedMessage message, IMessageBodyStore bodies,
        CancellationToken ct)
    {
        if (!message.HasStoredText) return message;
        // The reader owns the stream, which hands its pooled chunk back when disposed.
        using var reader = new StreamReader(new MessageBodyStream(bodies, message.BodyRef!),
            new UTF8Encoding(false, throwOnInvalidBytes: true));
        return message.WithText(await reader.ReadToEndAsync(ct));
    }
}
