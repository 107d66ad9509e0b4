using Abaco.Api.Http;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Api.Tests;

/// <summary>With <c>web.access_control = none</c>: user anonymous, tenant from the header or web.tenant_name (original-abaco.md §1.1).</summary>
public sealed class CallerSpecs
{
    private static AbacoSettings Web(string tenant = "dev_staging", string apiServer = "http://172.17.0.1:8000") =>
        AbacoSettings.Defaults with { Web = AbacoSettings.Defaults.Web with { TenantName = tenant, ApiServer = apiServer } };

    private static HttpContext Request(string? tenantHeader)
    {
        var http = new DefaultHttpContext();
        if (tenantHeader is not null) http.Request.Headers["tenant"] = tenantHeader;
        return http;
    }

    [Fact(DisplayName = "The tenant header names the tenant; the caller is anonymous")]
    public void TenantHeader()
    {
        var caller = Caller.From(Request("SD2E"), Web());

        Assert.Equal(("anonymous", "SD2E", "http://172.17.0.1:8000"), (caller.User, caller.Tenant, caller.ApiServer));
        Assert.Equal(["ALL"], caller.Roles.ToArray());
        Assert.True(caller.IsAdmin);
    }

    [Fact(DisplayName = "The header name is matched ignoring case, and its value is trimmed")]
    public void HeaderCaseAndTrim()
    {
        var http = new DefaultHttpContext();
        http.Request.Headers["Tenant"] = "  DEV-DEVELOP ";

        Assert.Equal("DEV-DEVELOP", Caller.From(http, Web()).Tenant);
    }

    [Theory(DisplayName = "Without a (non-blank) tenant header the tenant is web.tenant_name")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void DefaultTenant(string? header) =>
        Assert.Equal("TACC-PROD", Caller.From(Request(header), Web(tenant: "TACC-PROD")).Tenant);

    [Fact(DisplayName = "The api server is web.api_server without a trailing slash")]
    public void ApiServer() =>
        Assert.Equal("https://api.example.org", Caller.From(Request(null), Web(apiServer: "https://api.example.org/")).ApiServer);

    [Fact(DisplayName = "A handler's Caller parameter is the authenticated caller, else the anonymous one of the settings")]
    public async Task BoundParameter()
    {
        var http = Request("SD2E");
        http.RequestServices = new ServiceCollection().AddSingleton(Web()).BuildServiceProvider();
        Assert.Equal("anonymous", (await Caller.BindAsync(http))!.User);

        var authenticated = new Caller("jdoe", "DEV", "http://172.17.0.1:8000", ["Internal/abaco-user"]);
        authenticated.AttachTo(http);
        Assert.Same(authenticated, await Caller.BindAsync(http));
    }
}
