using System.Net;
using Abaco.Core.Net;
using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

/// <summary>Where the API listens by default, the webhook deny list and the tenant claim.</summary>
public sealed class SharingSettingsSpecs
{
    [Fact(DisplayName = "Without access control the API listens on loopback unless web.host says otherwise")]
    public void No_access_control_listens_on_loopback()
    {
        Assert.Equal("127.0.0.1", AbacoConfiguration.Load(null, Env.None).Web.Host);
        Assert.Equal("127.0.0.1", AbacoConfiguration.Load(null, Env.Of(("web_host", ""))).Web.Host);
        Assert.Equal("0.0.0.0", AbacoConfiguration.Load(null, Env.Of(("web_host", "0.0.0.0"))).Web.Host);
        Assert.Equal("172.17.0.1", AbacoConfiguration.Load(null, Env.Of(("web_host", "172.17.0.1"))).Web.Host);
    }

    [Fact(DisplayName = "With jwt access control the API listens on every interface unless web.host says otherwise")]
    public void Jwt_listens_everywhere()
    {
        var jwt = ("web_access_control", "jwt");
        var key = ("web_token_signing_key", Convert.ToBase64String(new byte[48]));

        Assert.Equal("0.0.0.0", AbacoConfiguration.Load(null, Env.Of(jwt, key)).Web.Host);
        Assert.Equal("127.0.0.1", AbacoConfiguration.Load(null, Env.Of(jwt, key, ("web_host", "127.0.0.1"))).Web.Host);
    }

    [Fact(DisplayName = "The default webhook deny list covers loopback, link-local (cloud metadata), unspecified and multicast, not private ranges")]
    public void Default_deny_list()
    {
        var deny = AddressDenyList.From(AbacoConfiguration.Load(null, Env.None).Web.WebhookDenyCidrs);

        foreach (var denied in new[] { "127.0.0.1", "127.9.9.9", "::1", "169.254.169.254", "fe80::1", "0.0.0.0", "::",
                     "224.0.0.251", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "fd00:ec2::254" })
            Assert.True(deny.Denies(IPAddress.Parse(denied)), denied);
        foreach (var allowed in new[] { "10.1.2.3", "192.168.1.10", "172.16.0.1", "8.8.8.8", "2001:db8::1" })
            Assert.False(deny.Denies(IPAddress.Parse(allowed)), allowed);
    }

    [Fact(DisplayName = "The webhook deny list and the tenant claim can be configured")]
    public void Deny_list_and_tenant_claim_are_configurable()
    {
        var web = AbacoConfiguration.Load(null, Env.Of(("web_webhook_deny_cidrs", "10.0.0.0/8, 192.0.2.7"),
            ("web_tenant_claim", "tapis/tenant_id"))).Web;
        var deny = AddressDenyList.From(web.WebhookDenyCidrs);

        Assert.True(deny.Denies(IPAddress.Parse("10.200.0.1")));
        Assert.True(deny.Denies(IPAddress.Parse("192.0.2.7")));
        Assert.False(deny.Denies(IPAddress.Parse("127.0.0.1")));
        Assert.Equal("tapis/tenant_id", web.TenantClaim);
        Assert.Equal(WebSettings.DefaultTenantClaim, AbacoConfiguration.Load(null, Env.None).Web.TenantClaim);
    }
}
