using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;

namespace Abaco.Api.Http;

/// <summary>
/// Who is calling and for which tenant. With <c>web.access_control = none</c> the caller is <c>anonymous</c> with
/// every right, and the tenant comes from the <c>tenant</c> header or <c>web.tenant_name</c> (reference §1.1).
/// </summary>
public sealed record Caller(string User, string Tenant, string ApiServer)
{
    public static Caller From(HttpContext http, AbacoSettings settings)
    {
        var tenant = http.Request.Headers["tenant"].FirstOrDefault();
        return new Caller("anonymous", string.IsNullOrWhiteSpace(tenant) ? settings.Web.TenantName : tenant.Trim(),
            settings.Web.ApiServer.TrimEnd('/'));
    }
}
