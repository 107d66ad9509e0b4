using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;

namespace Abaco.Api.Auth;

/// <summary>
/// Guards the operator endpoints (<c>/metrics</c>, <c>/cron</c>, <c>/admin/dashboard</c>) with the admin role when
/// <c>web.access_control = jwt</c>. The original served <c>/metrics</c> and <c>/cron</c> to anyone who could reach
/// the port; they list every actor of every tenant. Without access control every caller is an admin anyway (and the
/// API listens on loopback unless told otherwise). A nonce never opens them: it is tied to one actor or alias.
/// </summary>
public sealed class OperatorAccessFilter : IEndpointFilter
{
    private static readonly AccessPath OperatorPath = new(["admin"], RouteFamily.Admin, null, null);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var settings = (AbacoSettings)services.GetService(typeof(AbacoSettings))!;
        if (settings.Web.AccessControl == AccessControl.Jwt)
        {
            var authenticator = (CallerAuthenticator)services.GetService(typeof(CallerAuthenticator))!;
            var caller = await authenticator.AuthenticateAsync(http, OperatorPath, http.RequestAborted);
            if (caller.Nonce is not null || !caller.Roles.Contains(AbacoRoles.Admin))
                throw ApiError.BadRequest(AuthMessages.AdminRequired);
        }
        return await next(context);
    }
}
