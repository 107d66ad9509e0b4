using System.Text;
using System.Text.Json;

namespace Abaco.Api.Http;

/// <summary>
/// Exceptions that mean the request itself could not be read: a body that is not JSON (or too deeply nested), a form
/// that does not parse, is too large or ends early, bytes that are not UTF-8. They answer 400, never 500.
/// </summary>
public static class MalformedInput
{
    public static string? Describe(Exception e) => e switch
    {
        JsonException => $"Invalid request: the body is not valid JSON ({e.Message}).",
        DecoderFallbackException => "Invalid request: the body is not valid UTF-8.",
        InvalidDataException => $"Invalid request: the body could not be read ({e.Message}).",
        FormatException => $"Invalid request: a value is not in the expected format ({e.Message}).",
        IOException when FromBodyReader(e) => $"Invalid request: the body could not be read ({e.Message}).",
        _ => null,
    };

    /// <summary>
    /// Thrown by ASP.NET's form and multipart readers (e.g. a multipart body that ends before its boundary). Other
    /// I/O failures (a store, Docker) stay 500s.
    /// </summary>
    private static bool FromBodyReader(Exception e) =>
        e.TargetSite?.DeclaringType?.Namespace is { } ns &&
        (ns.StartsWith("Microsoft.AspNetCore.WebUtilities", StringComparison.Ordinal) ||
         ns.StartsWith("Microsoft.AspNetCore.Http.Features", StringComparison.Ordinal));
}
