using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Core.Search;

/// <summary>
/// Time handling of the original search (<c>Search.broad_ISO_to_datetime</c>): which fields hold times, and the
/// broad ISO 8601 parse used both for the query value and, here, for the display string in the document.
/// </summary>
public static partial class SearchTime
{
    /// <summary>
    /// A filter key containing any of these (case-sensitive, anywhere in the key) compares times. The original's list
    /// lacks <c>finish_time</c>, so its filters compared text and never matched; it is a time here.
    /// </summary>
    public static readonly IReadOnlyList<string> TimeKeys =
    [
        "start_time", "finish_time", "message_received_time", "last_execution_time", "last_update_time",
        "StartedAt", "FinishedAt", "create_time", "last_health_check_time",
    ];

    /// <summary>True when the (snake case) filter key names a time field.</summary>
    public static bool IsTimeKey(string key) => TimeKeys.Any(k => key.Contains(k, StringComparison.Ordinal));

    /// <summary>
    /// Parses every prefix of an ISO 8601 timestamp the original accepts: <c>YYYY</c>, <c>YYYY-MM</c>,
    /// <c>YYYY-MM-DD</c>, <c>YYYY-MM-DDT</c>, <c>…THH</c>, <c>…THH:MM</c>, <c>…THH:MM:SS</c>, <c>…SS.ffffff</c>, each
    /// optionally followed by <c>Z</c> or an offset <c>±HH:MM</c>/<c>±HHMM</c> (so <c>2000-05:00</c> is the year 2000
    /// at UTC-5). Missing parts default to the start of the period; no offset means UTC, as a naive datetime is
    /// UTC to Mongo. Fractions of up to 7 digits are read so that any display string round-trips.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.EndsWith('Z')) trimmed = trimmed[..^1];
        var match = BroadIso().Match(trimmed);
        if (!match.Success) return false;

        static int Part(Match m, string name, int fallback) =>
            m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;

        int year = Part(match, "y", 1), month = Part(match, "mo", 1), day = Part(match, "d", 1);
        int hour = Part(match, "h", 0), minute = Part(match, "mi", 0), second = Part(match, "s", 0);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;

        var ticks = 0L;
        if (match.Groups["f"].Success)
            ticks = long.Parse(match.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture);

        var offset = TimeSpan.Zero;
        if (match.Groups["tz"].Success)
        {
            var tz = match.Groups["tz"].Value.Replace(":", "", StringComparison.Ordinal);
            int tzHours = int.Parse(tz.AsSpan(1, 2), CultureInfo.InvariantCulture);
            int tzMinutes = int.Parse(tz.AsSpan(3, 2), CultureInfo.InvariantCulture);
            if (tzHours > 23 || tzMinutes > 59) return false;
            offset = new TimeSpan(tzHours, tzMinutes, 0);
            if (tz[0] == '-') offset = -offset;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return false;
        instant = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    [GeneratedRegex(
        @"^(?<y>[0-9]{4})(?:-(?<mo>[0-9]{1,2})(?:-(?<d>[0-9]{1,2})(?:T(?:(?<h>[0-9]{1,2})(?::(?<mi>[0-9]{1,2})(?::(?<s>[0-9]{1,2})(?:\.(?<f>[0-9]{1,7}))?)?)?)?)?)?)?(?<tz>[+-][0-9]{2}:?[0-9]{2})?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex BroadIso();
}
