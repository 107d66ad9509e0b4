using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using static Abaco.Api.Tests.Auth.AuthSamples;

namespace Abaco.Api.Tests.Auth;

/// <summary>A token that names its tenant is good only under that tenant's header (<c>web.tenant_claim</c>).</summary>
public sealed class TenantClaimSpecs
{
    private const string Claim = WebSettings.DefaultTenantClaim;

    private static Task<Caller> Authenticate(string header, string token, AbacoSettings? settings = null)
    {
        settings ??= Settings();
        var clock = new FixedClock(Now);
        var lookups = new FakeLookups();
        var authenticator = new CallerAuthenticator(settings, AccessKeys.FromSettings(settings.Web, clock),
            new NonceAuthenticator(lookups, new FakeNonceStore()), lookups, clock);
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/actors";
        http.Request.Headers[header] = token;
        return authenticator.AuthenticateAsync(http, new AccessPath(["actors"], RouteFamily.Root, null, null), CancellationToken.None);
    }

    private static string Token(params (string Name, object Value)[] extra)
    {
        var claims = new Dictionary<string, object>
        {
            [ApimJwtVerifier.EndUserClaim] = "jdoe@carbon.super",
            [ApimJwtVerifier.RoleClaim] = "Internal/abaco-user",
            ["exp"] = Now.AddHours(1).ToUnixTimeMilliseconds(),
        };
        foreach (var (name, value) in extra) claims[name] = value;
        var header = Convert.ToBase64String("""{"typ":"JWT","alg":"SHA256withRSA"}"""u8.ToArray());
        var payload = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = ApimKey.SignData(Encoding.UTF8.GetBytes(header + "." + payload), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Convert.ToBase64String(signature);
    }

    [Fact(DisplayName = "A token naming tenant DEV is refused under another tenant's header")]
    public async Task Other_tenants_header_is_refused()
    {
        var token = Token((Claim, "DEV"));

        var e = await Assert.ThrowsAsync<ApiError>(() => Authenticate("X-Jwt-Assertion-OTHER", token));

        Assert.Equal((400, CallerAuthenticator.WrongTenant("DEV", "OTHER")), (e.StatusCode, e.Message));
        var assertion = await Assert.ThrowsAsync<ApiError>(() => Authenticate("Assertion", token));
        Assert.Equal(400, assertion.StatusCode);
    }

    [Theory(DisplayName = "A token naming its tenant is accepted under that tenant's header, ignoring case and . - _")]
    [InlineData("X-Jwt-Assertion-DEV", "dev")]
    [InlineData("X-Jwt-Assertion-DEV-DEVELOP", "dev.develop")]
    [InlineData("Assertion", "dev_staging")]
    public async Task Own_tenants_header_is_accepted(string header, string tenant) =>
        Assert.Equal("jdoe", (await Authenticate(header, Token((Claim, tenant)))).User);

    [Fact(DisplayName = "A token that names no tenant is taken under any header, as in the original")]
    public async Task No_claim_no_check() =>
        Assert.Equal("OTHER", (await Authenticate("X-Jwt-Assertion-OTHER", Token())).Tenant);

    [Fact(DisplayName = "The claim is configurable; empty turns the check off")]
    public async Task Claim_is_configurable()
    {
        var settings = Settings();
        var custom = settings with { Web = settings.Web with { TenantClaim = "tapis/tenant_id" } };
        var off = settings with { Web = settings.Web with { TenantClaim = "" } };
        var token = Token(("tapis/tenant_id", "DEV"), (Claim, "DEV"));

        await Assert.ThrowsAsync<ApiError>(() => Authenticate("X-Jwt-Assertion-OTHER", token, custom));
        Assert.Equal("OTHER", (await Authenticate("X-Jwt-Assertion-OTHER", token, off)).Tenant);
    }
}
