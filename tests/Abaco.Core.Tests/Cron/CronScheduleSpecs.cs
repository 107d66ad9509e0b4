using Abaco.Core.Cron;

namespace Abaco.Core.Tests.Cron;

public sealed class CronScheduleSpecs
{
    private static readonly DateTime Now = new(2026, 11, 29, 23, 41, 12, DateTimeKind.Utc);

    [Theory(DisplayName = "Schedules parse with every unit, singular or plural, from a date or from now")]
    [InlineData("2026-12-01 05 + 1 hour", 2026, 12, 1, 5, 1, CronUnit.Hour)]
    [InlineData("2026-12-01 05 + 3 hours", 2026, 12, 1, 5, 3, CronUnit.Hour)]
    [InlineData("2027-01-31 00 + 2 days", 2027, 1, 31, 0, 2, CronUnit.Day)]
    [InlineData("now + 1 week", 2026, 11, 29, 23, 1, CronUnit.Week)]
    [InlineData("Now + 6 months", 2026, 11, 29, 23, 6, CronUnit.Month)]
    [InlineData("2026-11-29 23 + 1 day", 2026, 11, 29, 23, 1, CronUnit.Day)]
    public void Parses(string text, int y, int m, int d, int h, int n, CronUnit unit) =>
        Assert.Equal(new CronSchedule(new DateTime(y, m, d, h, 0, 0, DateTimeKind.Utc), n, unit), CronSchedule.Parse(text, Now));

    [Theory(DisplayName = "Malformed schedules are refused with the original's messages")]
    [InlineData("every day", "The cron is not in the correct format")]
    [InlineData("2026-12-01 + 1 hour", "The starting date 2026-12-01 is not in the correct format")]
    [InlineData("tomorrow + 1 hour", "The starting date tomorrow is not in the correct format")]
    [InlineData("2026-11-29 22 + 1 hour", "The starting datetime is old. The current UTC time is 2026-11-29 23:41:12")]
    [InlineData("now + 1 fortnight", "The cron is not in the correct format: 'fortnight' is not a unit; use hour(s), day(s), week(s) or month(s)")]
    [InlineData("now + x hours", "The cron is not in the correct format: the increment must be a positive whole number")]
    [InlineData("now + 0 hours", "The cron is not in the correct format: the increment must be a positive whole number")]
    public void Refuses(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CronSchedule.Parse(text, Now)).Message);

    [Fact(DisplayName = "Months follow the calendar; missed runs after downtime collapse into one next run")]
    public void Increments_and_catch_up()
    {
        var monthly = new CronSchedule(new DateTime(2026, 1, 31, 5, 0, 0, DateTimeKind.Utc), 1, CronUnit.Month);
        Assert.Equal(new DateTime(2026, 2, 28, 5, 0, 0, DateTimeKind.Utc), monthly.After(monthly.Start));

        var hourly = new CronSchedule(new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc), 2, CronUnit.Hour);
        Assert.Equal(new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), hourly.CatchUp(hourly.Start, Now));
        Assert.Equal("2026-11-30 0", CronSchedule.Display(hourly.CatchUp(hourly.Start, Now)));
    }

    [Fact(DisplayName = "The run after a due one skips every run up to and including the current hour: the run now stands for them")]
    public void Catch_up_skips_the_current_hour()
    {
        var hourly = new CronSchedule(new DateTime(2026, 11, 29, 9, 0, 0, DateTimeKind.Utc), 1, CronUnit.Hour);
        var tenTwenty = new DateTime(2026, 11, 29, 10, 20, 0, DateTimeKind.Utc);

        // Due at 9, run at 10:20: the 10 o'clock run is this one, the next is 11 (not 10, which would run again at once).
        Assert.Equal(new DateTime(2026, 11, 29, 11, 0, 0, DateTimeKind.Utc), hourly.CatchUp(hourly.Start, tenTwenty));
        // Due at 10, run on time: the next is 11.
        Assert.Equal(new DateTime(2026, 11, 29, 11, 0, 0, DateTimeKind.Utc),
            hourly.CatchUp(new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc), tenTwenty));
        Assert.Equal(new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc), CronSchedule.HourOf(tenTwenty));
    }
}
