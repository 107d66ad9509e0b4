using Abaco.Core.Text;
using Xunit;

namespace Abaco.Configuration.Tests;

public sealed class ValueSyntaxSpecs
{
    [Theory(DisplayName = "DockerSize.ParseBytes reads docker sizes; -1 is unlimited (null)")]
    [InlineData("-1", null)]
    [InlineData(" -1 ", null)]
    [InlineData("1048576", 1048576L)]
    [InlineData("100b", 100L)]
    [InlineData("5k", 5L * 1024)]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("512M", 512L * 1024 * 1024)]
    [InlineData("512mb", 512L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("2GB", 2L * 1024 * 1024 * 1024)]
    public void Memory_sizes(string text, long? expected)
    {
        Assert.Equal(expected, DockerSize.ParseBytes(text));
    }

    [Theory(DisplayName = "DockerSize.ParseBytes refuses what docker would not take")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1.5g")]
    [InlineData("1t")]
    [InlineData("g")]
    [InlineData("12 parsecs")]
    [InlineData("99999999999999999999")]
    [InlineData("9999999999999g")]
    public void Invalid_memory_sizes(string text)
    {
        Assert.False(text.Trim().Length > 0 && DockerSize.IsValid(text));
    }

    [Theory(DisplayName = "HOCON durations are read with their units")]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2 days", 172_800_000)]
    [InlineData("1 second", 1_000)]
    [InlineData("250000us", 250)]
    [InlineData("1000000ns", 1)]
    public void Durations(string text, long milliseconds)
    {
        Assert.True(HoconDurations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory(DisplayName = "Durations without a known unit are refused")]
    [InlineData("30")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("30 S")]
    [InlineData("thirty seconds")]
    [InlineData("99999999999999999999d")]
    public void Invalid_durations(string text)
    {
        Assert.False(HoconDurations.TryParse(text, out _));
    }
}
