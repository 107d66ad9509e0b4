namespace Abaco.Core.Security;

/// <summary>
/// Base64 read the way Python's non-strict <c>urlsafe_b64decode</c> reads it, because that is what the original's
/// clients were tested against: the standard and the url-safe alphabets alike (even mixed), padding optional,
/// characters outside the alphabet (whitespace, junk) skipped, and everything after the padding ignored.
/// </summary>
public static class LenientBase64
{
    /// <summary>The bytes, or null when what is left after skipping cannot be base64 at all.</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        var chars = new char[text.Length + 3];
        var count = 0;
        foreach (var c in text)
        {
            var mapped = c switch { '-' => '+', '_' => '/', _ => c };
            if (mapped == '=')
            {
                // Padding ends the data once a quad has at least two characters; a stray '=' earlier is skipped.
                if (count % 4 >= 2) break;
                continue;
            }
            if (IsAlphabet(mapped)) chars[count++] = mapped;
        }
        switch (count % 4)
        {
            case 1:
                // A lone trailing character carries fewer than 8 bits: it can only be junk after the data.
                count--;
                break;
            case 2:
                chars[count++] = '=';
                chars[count++] = '=';
                break;
            case 3:
                chars[count++] = '=';
                break;
        }
        try
        {
            return Convert.FromBase64CharArray(chars, 0, count);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Url-safe base64 without padding, as JWTs are written.</summary>
    public static string EncodeUrl(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Url-safe base64 with padding, as Fernet keys and tokens are written.</summary>
    public static string EncodeUrlPadded(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).Replace('+', '-').Replace('/', '_');

    private static bool IsAlphabet(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/';
}
