using Abaco.Core.Net;
using Xunit;

namespace Abaco.Core.Tests.Security;

/// <summary>Which webhook URLs are refused before any name is resolved.</summary>
public sealed class WebhookTargetSpecs
{
    private static readonly AddressDenyList Deny = AddressDenyList.From(AddressDenyList.DefaultCidrs);

    [Theory(DisplayName = "Loopback, link-local (metadata), unspecified and multicast addresses and localhost are refused")]
    [InlineData("http://127.0.0.1:8000/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://localhost:9000/")]
    [InlineData("https://api.localhost/")]
    [InlineData("http://2130706433/")]
    public void Denied(string url) => Assert.NotNull(WebhookTarget.Problem(url, Deny));

    [Theory(DisplayName = "Anything but an absolute http(s) URL is refused")]
    [InlineData("not a url")]
    [InlineData("ftp://example.org/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/path")]
    public void Not_http(string url) =>
        Assert.Equal("it must be an absolute http or https URL", WebhookTarget.Problem(url, Deny));

    [Theory(DisplayName = "Public names, public and private addresses are accepted")]
    [InlineData("https://hooks.example.org/abaco")]
    [InlineData("http://10.0.0.5:8080/events")]
    [InlineData("http://192.168.1.20/")]
    [InlineData("http://8.8.8.8/")]
    public void Allowed(string url) => Assert.Null(WebhookTarget.Problem(url, Deny));
}
