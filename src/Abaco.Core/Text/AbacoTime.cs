using System.Globalization;

namespace Abaco.Core.Text;

/// <summary>
/// Times as the original displays them (<c>models.display_time</c>): UTC with millisecond precision and a
/// trailing Z, e.g. <c>2021-05-17T15:53:57.088Z</c>; a missing time is the string <c>"None"</c>.
/// </summary>
public static class AbacoTime
{
    public const string None = "None";

    public static string Display(DateTime? time) =>
        time is { } t && t != default
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : None;

    /// <summary>Truncates to milliseconds, the precision every stored time has.</summary>
    public static DateTime Normalize(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
