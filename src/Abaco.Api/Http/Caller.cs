using System.Collections.Immutable;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;

namespace Abaco.Api.Http;

/// <summary>
/// Who is calling, for which tenant, with which roles (original-abaco.md §1.1 "Authentication"). The authentication
/// middleware puts one in <see cref="HttpContext.Items"/>; with <c>web.access_control = none</c> (or before the
/// middleware ran) the caller is <c>anonymous</c> with role <c>ALL</c>, and the tenant comes from the
/// <c>tenant</c> header or <c>web.tenant_name</c>. <see cref="JwtHeaderName"/> is the header the JWT came in
/// (injected into containers as <c>_abaco_jwt_header_name</c>); <see cref="Nonce"/> the nonce id used, if any, and
/// <see cref="NonceLevel"/> its level.
/// </summary>
public sealed record Caller(
    string User,
    string Tenant,
    string ApiServer,
    ImmutableArray<string> Roles,
    string? JwtHeaderName = null,
    string? Nonce = null,
    PermissionLevel? NonceLevel = null)
{
    public bool IsAdmin => Roles.Contains(AbacoRoles.All) || Roles.Contains(AbacoRoles.Admin);

    public bool IsPrivileged => IsAdmin || Roles.Contains(AbacoRoles.Privileged);

    public static Caller From(HttpContext http, AbacoSettings settings)
    {
        if (http.Items.TryGetValue(typeof(Caller), out var known) && known is Caller caller) return caller;
        var tenant = http.Request.Headers["tenant"].FirstOrDefault();
        return new Caller("anonymous", string.IsNullOrWhiteSpace(tenant) ? settings.Web.TenantName : tenant.Trim(),
            settings.Web.ApiServer.TrimEnd('/'), [AbacoRoles.All]);
    }

    /// <summary>Binds a route handler's <see cref="Caller"/> parameter: the caller of this request.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext http) =>
        ValueTask.FromResult<Caller?>(From(http, http.RequestServices.GetRequiredService<AbacoSettings>()));

    public void AttachTo(HttpContext http) => http.Items[typeof(Caller)] = this;
}
