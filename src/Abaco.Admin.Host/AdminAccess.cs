using System.Collections.Immutable;
using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;

namespace Abaco.Admin.Host;

/// <summary>
/// Under <c>web.access_control = jwt</c> every request to the command host needs a credential the API accepts (the
/// same headers, keys and checks) that carries the admin role; under <c>none</c>, binding to loopback
/// (<c>admin.host</c>) is the protection.
/// </summary>
public sealed class AdminAccess(RequestDelegate next)
{
    private static readonly AccessPath AdminPath = new(["admin"], RouteFamily.Admin, null, null);

    /// <summary>On every answer: the client tells a command host from another HTTP server (e.g. a node's web port).</summary>
    public const string Header = "X-Abaco-Admin";

    public async Task InvokeAsync(HttpContext http, AbacoSettings settings, CallerAuthenticator authenticator)
    {
        http.Response.Headers[Header] = "v1";
        if (settings.Web.AccessControl == AccessControl.Jwt)
        {
            Caller caller;
            try
            {
                caller = await authenticator.AuthenticateAsync(http, AdminPath, http.RequestAborted);
            }
            catch (ApiError e)
            {
                await AdminRoutes.WriteErrorAsync(http, new AdminError(401, "unauthorized", e.Message));
                return;
            }
            if (!caller.IsAdmin)
            {
                await AdminRoutes.WriteErrorAsync(http, new AdminError(403, "forbidden", AuthMessages.AdminRequired));
                return;
            }
        }
        await next(http);
    }
}
