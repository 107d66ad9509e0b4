using System.Text;
using System.Text.Json;

namespace Abaco.Api.Http;

/// <summary>
/// Exceptions that mean the request itself could not be read: a body that is not JSON (or too deeply nested), a form
/// that does not parse or is too large, bytes that are not UTF-8. They answer 400, never 500.
/// </summary>
public static class MalformedInput
{
    public static string? Describe(Exception e) => e switch
    {
        JsonException => $"Invalid request: the body is not valid JSON ({e.Message}).",
        DecoderFallbackException => "Invalid request: the body is not valid UTF-8.",
        InvalidDataException => $"Invalid request: the body could not be read ({e.Message}).",
        FormatException => $"Invalid request: a value is not in the expected format ({e.Message}).",
        _ => null,
    };
}
