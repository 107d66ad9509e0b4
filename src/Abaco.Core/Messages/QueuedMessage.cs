using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Abaco.Core.Executions;
using Abaco.Core.Text;

namespace Abaco.Core.Messages;

/// <summary>
/// How a message arrived: a string, JSON, or raw bytes (octet-stream: the bytes are in the message-body store and
/// <see cref="QueuedMessage.BodyRef"/> names them; messages journalled by earlier versions carry them base64 in
/// <c>Body</c> instead).
/// </summary>
public enum MessageKind { Str, Json, Binary }

/// <summary>
/// A message accepted for an actor and waiting for (or running in) a worker. <see cref="Environment"/> holds the
/// POST's query parameters (messages journalled by earlier versions also carry there the <c>_abaco_*</c> variables
/// now kept in <see cref="Origin"/> and <see cref="ActorRevision"/>); <see cref="ContainerEnvironment.Compose"/> makes
/// every platform variable when the worker builds the container (original-abaco.md §3.4).
/// </summary>
public sealed record QueuedMessage(
    string ExecutionId,
    MessageKind Kind,
    string Body,
    ImmutableDictionary<string, string> Environment,
    string Executor,
    DateTime ReceivedTime)
{
    public const string StrContentType = "str";
    public const string JsonContentType = "application/json";
    public const string BinaryContentType = "application/octet-stream";

    // Derived properties are not written (journal, snapshots, remoting).
    [JsonIgnore]
    public string ContentType => Kind switch
    {
        MessageKind.Json => JsonContentType,
        MessageKind.Binary => BinaryContentType,
        _ => StrContentType,
    };

    [JsonIgnore]
    public bool IsBinary => Kind == MessageKind.Binary;

    /// <summary>
    /// The stored bytes of the body (then <see cref="Body"/> is empty): always for a binary message, and for a text or
    /// JSON one longer than <c>web.max_inline_message</c> (its UTF-8 bytes). Null for other messages, and for binary
    /// messages journalled before bodies were stored apart, whose bytes are base64 in <see cref="Body"/>.
    /// </summary>
    public MessageBodyRef? BodyRef { get; init; }

    /// <summary>A text or JSON message whose body is in the store: the worker reads it back (<see cref="WithText"/>).</summary>
    [JsonIgnore]
    public bool HasStoredText => !IsBinary && BodyRef is not null;

    /// <summary>Whether a text or JSON body is too long to travel inline.</summary>
    public static bool TooLongToCarry(string body, long maxInline) =>
        body.Length > maxInline || System.Text.Encoding.UTF8.GetByteCount(body) > maxInline;

    /// <summary>The message with its body replaced by the reference to where it is stored.</summary>
    public QueuedMessage StoredApart(MessageBodyRef body) => this with { Body = "", BodyRef = body };

    /// <summary>The message with its stored text body put back, as the worker composes the container from it.</summary>
    public QueuedMessage WithText(string body) => this with { Body = body, BodyRef = null };

    /// <summary>Who sent the message; null for a cron message (and for messages journalled before it was kept here).</summary>
    public MessageOrigin? Origin { get; init; }

    /// <summary>The actor's revision when the message was queued; null for messages journalled before it was kept here.</summary>
    public int? ActorRevision { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span the message was last handled in (the HTTP request, then the entity's
    /// dispatch, then the worker's run), so the trace crosses nodes with it; null when it was not traced (cron).
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The bytes of a binary message that carries them itself (base64 in <see cref="Body"/>; older journals).</summary>
    public byte[] BinaryBody() => IsBinary && BodyRef is null ? Convert.FromBase64String(Body) : [];

    /// <summary>
    /// <c>MSG</c> as the container sees it: strings as is, JSON as a Python literal; binary messages have no
    /// <c>MSG</c> (the API shows "binary - omitted").
    /// </summary>
    /// <remarks>
    /// A method, not a property: it is never serialized (it would carry the body twice), and a message whose text
    /// is still in the body store throws (<see cref="WithText"/> first).
    /// </remarks>
    public string Msg()
    {
        if (Kind == MessageKind.Binary) return "binary - omitted";
        if (HasStoredText)
            throw new InvalidOperationException($"The body of message {ExecutionId} is in the body store; read it back first.");
        if (Kind != MessageKind.Json) return Body;
        using var doc = JsonDocument.Parse(Body);
        return PythonLiteral.Str(doc.RootElement);
    }
}
