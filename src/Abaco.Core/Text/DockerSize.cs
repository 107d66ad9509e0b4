using System.Globalization;

namespace Abaco.Core.Text;

/// <summary>Docker's memory strings (<c>512m</c>, <c>1g</c>, <c>1048576</c>); <c>-1</c> means unlimited.</summary>
public static class DockerSize
{
    /// <summary>Bytes, or null for unlimited (<c>-1</c>, empty). Throws <see cref="FormatException"/> naming the value.</summary>
    public static long? ParseBytes(string? value)
    {
        var text = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text == "-1") return null;
        if (text.EndsWith('b')) text = text[..^1];
        long multiplier = 1;
        switch (text.LastOrDefault())
        {
            case 'k': multiplier = 1L << 10; text = text[..^1]; break;
            case 'm': multiplier = 1L << 20; text = text[..^1]; break;
            case 'g': multiplier = 1L << 30; text = text[..^1]; break;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0
            || number > long.MaxValue / multiplier)
            throw new FormatException($"'{value}' is not a memory size such as 512m, 1g or -1 (unlimited).");
        return number * multiplier;
    }

    public static bool IsValid(string? value)
    {
        try
        {
            ParseBytes(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }
}
