using System.Collections.Immutable;
using System.Text.Json;
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

    public string ContentType => Kind switch
    {
        MessageKind.Json => JsonContentType,
        MessageKind.Binary => BinaryContentType,
        _ => StrContentType,
    };

    public bool IsBinary => Kind == MessageKind.Binary;

    /// <summary>
    /// The stored bytes of a binary message (then <see cref="Body"/> is empty). Null for other kinds, and for binary
    /// messages journalled before bodies were stored apart, whose bytes are base64 in <see cref="Body"/>.
    /// </summary>
    public MessageBodyRef? BodyRef { get; init; }

    /// <summary>Who sent the message; null for a cron message (and for messages journalled before it was kept here).</summary>
    public MessageOrigin? Origin { get; init; }

    /// <summary>The actor's revision when the message was queued; null for messages journalled before it was kept here.</summary>
    public int? ActorRevision { get; init; }

    /// <summary>The bytes of a binary message that carries them itself (base64 in <see cref="Body"/>; older journals).</summary>
    public byte[] BinaryBody() => IsBinary && BodyRef is null ? Convert.FromBase64String(Body) : [];

    /// <summary>
    /// <c>MSG</c> as the container sees it: strings as is, JSON as a Python literal; binary messages have no
    /// <c>MSG</c> (the API shows "binary - omitted").
    /// </summary>
    public string Msg
    {
        get
        {
            if (Kind == MessageKind.Binary) return "binary - omitted";
            if (Kind != MessageKind.Json) return Body;
            using var doc = JsonDocument.Parse(Body);
            return PythonLiteral.Str(doc.RootElement);
        }
    }
}
