using System.Text.Json.Nodes;

namespace Abaco.Cli.Http;

/// <summary>A successful answer: the envelope's <c>result</c> and <c>message</c>.</summary>
public sealed record AbacoReply(JsonNode? Result, string Message);

/// <summary>Abaco answered with an error envelope (or with something that is not an envelope at all).</summary>
public sealed class AbacoApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>A 4xx is Abaco refusing what was asked; anything else is Abaco (or what is in front of it) failing.</summary>
    public bool IsRefusal => StatusCode is >= 400 and < 500;
}

/// <summary>Abaco could not be reached (refused, unknown host, no answer in time).</summary>
public sealed class AbacoUnreachableException(string message, Exception inner) : Exception(message, inner);
