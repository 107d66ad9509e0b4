using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Abaco.Core.Security;

/// <summary>
/// A compact JWT split into its parts, read as leniently as the original's PyJWT read the API manager's tokens:
/// segments in either base64 alphabet with or without padding, surrounding whitespace, and junk after the
/// signature (the signature is everything after the second dot, with non-base64 characters skipped). The signing
/// input stays the exact text of the first two segments, so leniency never changes what is verified.
/// </summary>
public sealed record LenientJwt(string SigningInput, JsonElement Header, JsonElement Payload, byte[] Signature)
{
    public static LenientJwt? Parse(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        var text = token.Trim();
        var firstDot = text.IndexOf('.');
        if (firstDot <= 0) return null;
        var secondDot = text.IndexOf('.', firstDot + 1);
        if (secondDot < 0) return null;
        var header = ReadObject(text.AsSpan(0, firstDot));
        var payload = ReadObject(text.AsSpan(firstDot + 1, secondDot - firstDot - 1));
        var signature = LenientBase64.Decode(text.AsSpan(secondDot + 1));
        if (header is null || payload is null || signature is null) return null;
        return new LenientJwt(text[..secondDot], header.Value, payload.Value, signature);
    }

    public byte[] SigningInputBytes() => Encoding.UTF8.GetBytes(SigningInput);

    /// <summary>The <c>alg</c> header, or null.</summary>
    public string? Algorithm =>
        Header.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString() : null;

    /// <summary>A string claim, or null when absent or not a string.</summary>
    public string? StringClaim(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A numeric date claim (JSON number or numeric string) in seconds, or null when absent or not numeric.</summary>
    public double? NumberClaim(string name)
    {
        if (!Payload.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String &&
            double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        return null;
    }

    private static JsonElement? ReadObject(ReadOnlySpan<char> segment)
    {
        var bytes = LenientBase64.Decode(segment);
        if (bytes is null || bytes.Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
