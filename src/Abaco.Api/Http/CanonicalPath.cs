using System.Text;

namespace Abaco.Api.Http;

/// <summary>
/// The one form of a request path that routing and access control both see. From the request target as sent:
/// percent-escapes decoded (as UTF-8), repeated slashes merged and a trailing slash dropped, so <c>//actors//x/</c>
/// is <c>/actors/x</c> (the original's clients build <c>{base}//actors</c>, and its nginx front merged slashes).
/// Refused, because two readers could take them for different paths: an encoded slash (<c>%2F</c>, which would
/// be part of a name to the router but a separator to anyone who decodes first), a <c>.</c> or <c>..</c> segment,
/// plain or encoded (a proxy may resolve it, the server may not), escapes that are not UTF-8, and control characters.
/// </summary>
public static class CanonicalPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical path of <paramref name="rawPath"/> (the target's path, still escaped), or the refusal.</summary>
    public static (string? Path, string? Problem) Of(string rawPath)
    {
        var segments = new List<string>();
        foreach (var raw in rawPath.Split('/'))
        {
            if (raw.Length == 0) continue;
            if (raw.Contains("%2f", StringComparison.OrdinalIgnoreCase))
                return (null, "Invalid request: the path contains an encoded '/' (%2F); names cannot contain '/'.");
            var segment = Decode(raw);
            if (segment is null) return (null, "Invalid request: the path is not valid UTF-8 once percent-decoded.");
            if (segment is "." or "..") return (null, "Invalid request: the path contains a '.' or '..' segment.");
            if (segment.Any(char.IsControl)) return (null, "Invalid request: the path contains a control character.");
            segments.Add(segment);
        }
        return ("/" + string.Join('/', segments), null);
    }

    /// <summary>The path part of a request target (origin form <c>/p?q</c> or absolute form <c>http://h/p?q</c>).</summary>
    public static string? PathOfTarget(string? target)
    {
        if (string.IsNullOrEmpty(target)) return null;
        var end = target.IndexOfAny(['?', '#']);
        var path = end < 0 ? target : target[..end];
        if (path.StartsWith('/')) return path;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return null; // "*" (OPTIONS *) and other forms: nothing to route
        var slash = path.IndexOf('/', scheme + 3);
        return slash < 0 ? "/" : path[slash..];
    }

    /// <summary>Percent-decoding to UTF-8; a '%' not followed by two hex digits stays as it is. Null when not UTF-8.</summary>
    private static string? Decode(string raw)
    {
        if (!raw.Contains('%')) return raw;
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i].ToString()));
            }
        }
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
