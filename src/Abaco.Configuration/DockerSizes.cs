using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Configuration;

/// <summary>
/// Docker memory sizes as the original wrote them (<c>workers.mem_limit</c>, an actor's <c>mem_limit</c>):
/// digits with an optional unit <c>b</c>, <c>k</c>, <c>m</c> or <c>g</c> (powers of 1024, any case, <c>kb</c>/<c>mb</c>/<c>gb</c>
/// accepted too), or <c>-1</c> for unlimited.
/// </summary>
public static partial class DockerSizes
{
    /// <summary>The value meaning "no limit".</summary>
    public const string Unlimited = "-1";

    /// <summary>Bytes of <paramref name="value"/>, or <c>null</c> for <c>-1</c> (unlimited).</summary>
    /// <exception cref="FormatException">Not a docker size, zero, or too large.</exception>
    public static long? ParseMemoryBytes(string value)
    {
        if (TryParseMemoryBytes(value, out var bytes))
        {
            return bytes;
        }

        throw new FormatException(
            $"'{value}' is not a docker memory size: expected digits with an optional unit b, k, m or g "
            + "(e.g. '512m', '1g') or '-1' for unlimited.");
    }

    /// <summary>Like <see cref="ParseMemoryBytes"/>, without throwing; <paramref name="bytes"/> is null for -1.</summary>
    public static bool TryParseMemoryBytes(string? value, out long? bytes)
    {
        bytes = null;
        if (value is null)
        {
            return false;
        }

        var text = value.Trim();
        if (text == Unlimited)
        {
            return true;
        }

        var match = SizePattern().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups["digits"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number <= 0)
        {
            return false;
        }

        var multiplier = char.ToLowerInvariant(match.Groups["unit"].Value.FirstOrDefault('b')) switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            'g' => 1024L * 1024 * 1024,
            _ => 1L,
        };
        if (number > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = number * multiplier;
        return true;
    }

    [GeneratedRegex(@"^(?<digits>[0-9]+)\s*(?<unit>[bBkKmMgG]|[kKmMgG][bB])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
