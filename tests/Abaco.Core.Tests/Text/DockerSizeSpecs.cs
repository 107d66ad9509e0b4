using Abaco.Core.Text;

namespace Abaco.Core.Tests.Text;

public sealed class DockerSizeSpecs
{
    [Theory(DisplayName = "ParseBytes reads docker memory strings in powers of 1024")]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("1G", 1024L * 1024 * 1024)]
    [InlineData("5m", 5L * 1024 * 1024)]
    [InlineData("2k", 2048L)]
    [InlineData("1048576", 1048576L)]
    [InlineData("512mb", 512L * 1024 * 1024)]
    [InlineData("2GB", 2L * 1024 * 1024 * 1024)]
    [InlineData("100b", 100L)]
    [InlineData(" 1g ", 1024L * 1024 * 1024)]
    [InlineData("8589934591g", 8589934591L * 1024 * 1024 * 1024)]
    public void Parses_sizes(string text, long bytes)
    {
        Assert.Equal(bytes, DockerSize.ParseBytes(text));
        Assert.True(DockerSize.IsValid(text));
    }

    [Theory(DisplayName = "-1, empty and null mean unlimited")]
    [InlineData("-1")]
    [InlineData(" -1 ")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Unlimited(string? text)
    {
        Assert.Null(DockerSize.ParseBytes(text));
        Assert.True(DockerSize.IsValid(text));
    }

    [Theory(DisplayName = "Anything else is a FormatException naming the value")]
    [InlineData("abc")]
    [InlineData("m")]
    [InlineData("0")]
    [InlineData("0m")]
    [InlineData("-5")]
    [InlineData("-1g")]
    [InlineData("1x")]
    [InlineData("1 g")]
    [InlineData("1t")]
    [InlineData("+5m")]
    [InlineData("1,024")]
    [InlineData("99999999999999999999")]
    [InlineData("8589934592g")]                // more bytes than a long holds
    public void Rejects_other_strings(string text)
    {
        var error = Assert.Throws<FormatException>(() => DockerSize.ParseBytes(text));
        Assert.Contains($"'{text}'", error.Message);
        Assert.False(DockerSize.IsValid(text));
    }
}
