using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Configuration;

/// <summary>
/// HOCON durations (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1.5h</c>, <c>2 days</c>) with the HOCON unit names. Unlike
/// plain HOCON a bare number is refused: <c>ask_timeout = 30</c> would silently mean 30 milliseconds.
/// </summary>
public static partial class HoconDurations
{
    private static readonly Dictionary<string, decimal> TicksPerUnit = BuildUnits();

    /// <summary>Parses <paramref name="value"/>; false when it has no (known) unit or does not fit a TimeSpan.</summary>
    public static bool TryParse(string? value, out TimeSpan duration)
    {
        duration = default;
        var match = value is null ? Match.Empty : DurationPattern().Match(value.Trim());
        if (!match.Success
            || !TicksPerUnit.TryGetValue(match.Groups["unit"].Value, out var ticksPerUnit)
            || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var number))
        {
            return false;
        }

        try
        {
            var ticks = decimal.Round(number * ticksPerUnit);
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            duration = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        // 1 tick = 100 ns; fractions of a tick are rounded.
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>[a-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
