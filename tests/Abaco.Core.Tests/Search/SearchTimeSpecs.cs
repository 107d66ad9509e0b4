using Abaco.Core.Search;

namespace Abaco.Core.Tests.Search;

public sealed class SearchTimeSpecs
{
    [Theory(DisplayName = "Every ISO 8601 prefix the original accepts parses to the start of its period, in UTC")]
    [InlineData("2021", "2021-01-01T00:00:00.0000000+00:00")]
    [InlineData("2021-05", "2021-05-01T00:00:00.0000000+00:00")]
    [InlineData("2021-05-17", "2021-05-17T00:00:00.0000000+00:00")]
    [InlineData("2021-05-17T", "2021-05-17T00:00:00.0000000+00:00")]
    [InlineData("2021-05-17T15", "2021-05-17T15:00:00.0000000+00:00")]
    [InlineData("2021-05-17T15:53", "2021-05-17T15:53:00.0000000+00:00")]
    [InlineData("2021-05-17T15:53:57", "2021-05-17T15:53:57.0000000+00:00")]
    [InlineData("2021-05-17T15:53:57.088", "2021-05-17T15:53:57.0880000+00:00")]
    [InlineData("2021-05-17T15:53:57.088Z", "2021-05-17T15:53:57.0880000+00:00")]
    [InlineData("2021-05-17T15:53:57.123456", "2021-05-17T15:53:57.1234560+00:00")]
    [InlineData("2021-5-7T5:3:7", "2021-05-07T05:03:07.0000000+00:00")]
    [InlineData("2021Z", "2021-01-01T00:00:00.0000000+00:00")]
    public void Prefixes(string text, string expected)
    {
        Assert.True(SearchTime.TryParse(text, out var instant));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory(DisplayName = "An offset, with or without its colon, is converted to UTC")]
    [InlineData("2021-05-17T17:53:57.088+02:00", "2021-05-17T15:53:57.088Z")]
    [InlineData("2021-05-17T10:53:57.088-0500", "2021-05-17T15:53:57.088Z")]
    [InlineData("2021-05-17T17:53+02:00", "2021-05-17T15:53:00.000Z")]
    [InlineData("2021-05-17+0200", "2021-05-16T22:00:00.000Z")]
    [InlineData("2000-05:00", "2000-01-01T05:00:00.000Z")] // the original's own test: the year 2000 at UTC-5
    public void Offsets(string text, string utc)
    {
        Assert.True(SearchTime.TryParse(text, out var instant));
        Assert.True(SearchTime.TryParse(utc, out var expected));
        Assert.Equal(expected.UtcTicks, instant.UtcTicks);
    }

    [Theory(DisplayName = "Text that is not such a prefix, or not a real date, does not parse")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("21")]
    [InlineData("yesterday")]
    [InlineData("2021-13")]
    [InlineData("2021-02-30")]
    [InlineData("2021-05-17T24:00")]
    [InlineData("2021-05-17T15:60")]
    [InlineData("2021-05-17 15:53")]
    [InlineData("2021/05/17")]
    [InlineData("None")]
    [InlineData("2021-05-17T15:53:57.088+25:00")]
    [InlineData("\u0662\u0660\u0662\u0661")] // Arabic-Indic digits are not ISO 8601 digits
    public void Rejects(string text) => Assert.False(SearchTime.TryParse(text, out _));

    [Theory(DisplayName = "A key names a time field when it contains one of the original's time keys")]
    [InlineData("start_time", true)]
    [InlineData("start_time.gt", true)]
    [InlineData("message_received_time.between", true)]
    [InlineData("final_state.StartedAt", true)]
    [InlineData("final_state.FinishedAt.lt", true)]
    [InlineData("last_health_check_time", true)]
    [InlineData("create_time.gte", true)]
    [InlineData("status", false)]
    [InlineData("startTime", false)] // keys are converted to snake before this test
    [InlineData("final_state.startedat", false)]
    public void Time_keys(string key, bool expected) => Assert.Equal(expected, SearchTime.IsTimeKey(key));
}
