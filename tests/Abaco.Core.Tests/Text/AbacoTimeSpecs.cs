using Abaco.Core.Text;

namespace Abaco.Core.Tests.Text;

public sealed class AbacoTimeSpecs
{
    [Fact(DisplayName = "Display is UTC ISO 8601 with milliseconds and a trailing Z")]
    public void Display_format()
    {
        Assert.Equal("2021-05-17T15:53:57.088Z", AbacoTime.Display(new DateTime(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc)));
        Assert.Equal("2021-01-02T03:04:05.000Z", AbacoTime.Display(new DateTime(2021, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
    }

    [Fact(DisplayName = "Display truncates below the millisecond rather than rounding")]
    public void Display_truncates()
    {
        var time = new DateTime(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc).AddTicks(9_999);

        Assert.Equal("2021-05-17T15:53:57.088Z", AbacoTime.Display(time));
    }

    [Fact(DisplayName = "A missing time displays as the string None")]
    public void Missing_time_is_None()
    {
        Assert.Equal("None", AbacoTime.Display(null));
        Assert.Equal("None", AbacoTime.Display(default(DateTime)));
        Assert.Equal("None", AbacoTime.None);
    }

    [Fact(DisplayName = "Normalize truncates to the millisecond and marks the time UTC")]
    public void Normalize_truncates_and_marks_utc()
    {
        var precise = new DateTime(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Unspecified).AddTicks(4_321);

        var normalized = AbacoTime.Normalize(precise);

        Assert.Equal(DateTimeKind.Utc, normalized.Kind);
        Assert.Equal(new DateTime(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc).Ticks, normalized.Ticks);
        Assert.Equal(normalized, AbacoTime.Normalize(normalized));
    }

    [Fact(DisplayName = "Normalize converts a local time to UTC")]
    public void Normalize_converts_local_time()
    {
        var local = new DateTime(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Local).AddTicks(77);
        var utc = local.ToUniversalTime();

        var normalized = AbacoTime.Normalize(local);

        Assert.Equal(DateTimeKind.Utc, normalized.Kind);
        Assert.Equal(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, normalized.Ticks);
    }
}
