using System.Text;
using Abaco.Core.Security;

namespace Abaco.Core.Tests.Security;

public sealed class LenientBase64Specs
{
    [Theory(DisplayName = "Both alphabets, with or without padding, with junk skipped, decode to the same bytes")]
    [InlineData("Pz8-Pw")]
    [InlineData("Pz8+Pw==")]
    [InlineData("Pz8+Pw")]
    [InlineData("Pz8-Pw==")]
    [InlineData(" Pz8+\nPw== trailing")]
    [InlineData("Pz8+Pw==Pz8+")]
    public void Decodes(string text) => Assert.Equal("??>?", Encoding.ASCII.GetString(LenientBase64.Decode(text)!));

    [Fact(DisplayName = "Url-safe encoding round-trips")]
    public void RoundTrip()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.Equal(bytes, LenientBase64.Decode(LenientBase64.EncodeUrl(bytes)));
        Assert.Equal(bytes, LenientBase64.Decode(LenientBase64.EncodeUrlPadded(bytes)));
    }
}
