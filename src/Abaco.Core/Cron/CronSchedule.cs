using System.Globalization;
using System.Text.RegularExpressions;

namespace Abaco.Core.Cron;

public enum CronUnit { Hour, Day, Week, Month }

/// <summary>
/// An actor's <c>cron_schedule</c> (original-abaco.md §3.10): <c>"&lt;start&gt; + &lt;N&gt; &lt;unit&gt;"</c> where start is
/// <c>YYYY-MM-DD HH</c> (UTC, hour resolution) or <c>now</c>, and unit is hour(s), day(s), week(s) or month(s).
/// The original answered 500 for an unknown unit; here every malformed schedule is a <see cref="FormatException"/>
/// with a message for a 400.
/// </summary>
public sealed partial record CronSchedule(DateTime Start, int Increment, CronUnit Unit)
{
    public const string BadFormat = "The cron is not in the correct format";

    /// <param name="now">The current UTC time; a start before its hour is refused unless <paramref name="allowPastStart"/>.</param>
    public static CronSchedule Parse(string text, DateTime now, bool allowPastStart = false)
    {
        var match = Shape().Match(text.Trim());
        if (!match.Success) throw new FormatException(BadFormat);
        var thisHour = HourOf(now);
        var startText = match.Groups["start"].Value.Trim();
        DateTime start;
        if (startText is "now" or "Now")
        {
            start = thisHour;
        }
        else if (!DateTime.TryParseExact(startText, ["yyyy-MM-dd HH", "yyyy-M-d H"], CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out start))
        {
            throw new FormatException($"The starting date {startText} is not in the correct format");
        }
        start = DateTime.SpecifyKind(start, DateTimeKind.Utc);
        if (start < thisHour && !allowPastStart)
            throw new FormatException(
                $"The starting datetime is old. The current UTC time is {now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}");

        if (!int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var increment) || increment < 1)
            throw new FormatException($"{BadFormat}: the increment must be a positive whole number");
        var unit = match.Groups["unit"].Value.ToLowerInvariant().TrimEnd('s') switch
        {
            "hour" => CronUnit.Hour,
            "day" => CronUnit.Day,
            "week" => CronUnit.Week,
            "month" => CronUnit.Month,
            var other => throw new FormatException(
                $"{BadFormat}: '{match.Groups["unit"].Value}' is not a unit; use hour(s), day(s), week(s) or month(s)"),
        };
        return new CronSchedule(start, increment, unit);
    }

    /// <summary>The run after <paramref name="run"/>.</summary>
    public DateTime After(DateTime run) => Unit switch
    {
        CronUnit.Hour => run.AddHours(Increment),
        CronUnit.Day => run.AddDays(Increment),
        CronUnit.Week => run.AddDays(7 * Increment),
        _ => run.AddMonths(Increment),
    };

    /// <summary>
    /// The run that follows <paramref name="due"/> once the run due then happens at <paramref name="now"/>: the first
    /// run after now's hour. After downtime the missed runs collapse into the one happening now (no storm), as the
    /// original's fast-forward. A run falling in now's very hour is skipped too (<c>&lt;=</c>, not <c>&lt;</c>): the
    /// run happening now stands for it, or the entity would run it again at once.
    /// </summary>
    public DateTime CatchUp(DateTime due, DateTime now)
    {
        var thisHour = HourOf(now);
        var next = After(due);
        while (next <= thisHour) next = After(next);
        return next;
    }

    /// <summary>The start of <paramref name="time"/>'s hour: schedules have hour resolution.</summary>
    public static DateTime HourOf(DateTime time) =>
        new(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Reads a <see cref="Display"/>ed run back.</summary>
    public static bool TryParseDisplay(string? text, out DateTime run)
    {
        var ok = DateTime.TryParseExact(text, "yyyy-M-d H", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out run);
        run = DateTime.SpecifyKind(run, DateTimeKind.Utc);
        return ok;
    }

    /// <summary><c>cron_next_ex</c> as the original shows it: <c>YYYY-M-D H</c>.</summary>
    public static string Display(DateTime run) =>
        $"{run.Year}-{run.Month}-{run.Day} {run.Hour}";

    [GeneratedRegex(@"^(?<start>.+?)\s*\+\s*(?<n>\S+)\s+(?<unit>\S+)$")]
    private static partial Regex Shape();
}
