using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Text;

namespace Abaco.Core.Messages;

public enum MessageKind { Str, Json }

/// <summary>
/// A message accepted for an actor and waiting for (or running in) a worker. <see cref="Environment"/> holds the
/// POST's query parameters and the <c>_abaco_*</c> variables the API adds (username, api server, execution id,
/// content type); the worker adds its own when it builds the container (reference §3.4).
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

    public string ContentType => Kind == MessageKind.Json ? JsonContentType : StrContentType;

    /// <summary><c>MSG</c> as the container sees it: strings as is, JSON as a Python literal.</summary>
    public string Msg
    {
        get
        {
            if (Kind != MessageKind.Json) return Body;
            using var doc = JsonDocument.Parse(Body);
            return PythonLiteral.Str(doc.RootElement);
        }
    }
}
