using Abaco.Api.Http;
using Abaco.Core.Settings;

namespace Abaco.Api.Auth;

/// <summary>
/// Authentication then authorization of one request (original-abaco.md §1.1), the HTTP side of
/// <see cref="CallerAuthenticator"/> and <see cref="AbacoAuthorizer"/>. Runs after routing and checks the route the
/// router chose: its family and name come from the endpoint's <see cref="RouteTag"/> and route values. Leaves
/// alone: OPTIONS (CORS preflight), routes outside <c>/actors</c> and <c>/admin</c> (health, metrics), and requests
/// the router matched to no route but the fallback (which answers 404/405 itself, as the original answered a missing url rule before checking
/// anything). Refusals are thrown as <see cref="ApiError"/>; on success the caller (and the resolved actor, for
/// paths that address one) are in <see cref="HttpContext.Items"/>.
/// </summary>
public sealed class AbacoAccessControl(
    AbacoSettings settings,
    CallerAuthenticator authenticator,
    AbacoAuthorizer authorizer,
    IAccessLookups lookups)
{
    public async Task CheckAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsOptions(request.Method)) return;
        var endpoint = http.GetEndpoint();
        if (endpoint is null || IsFallback(http)) return;
        // Every route is tagged when mapped; an untagged one is a programming error, never an open door.
        var tag = endpoint.Metadata.GetMetadata<RouteTag>()
                  ?? throw new InvalidOperationException($"The endpoint '{endpoint.DisplayName}' has no route family.");
        var path = AccessPath.Of(tag, request.RouteValues, request.Path.Value);
        if (path is null) return;
        var ct = http.RequestAborted;

        var caller = await authenticator.AuthenticateAsync(http, path, ct);
        if (settings.Web.AccessControl == AccessControl.Jwt) caller.AttachTo(http);

        var decision = await authorizer.DecideAsync(
            new AccessRequest(request.Method, path, caller.Tenant, caller.User, caller.Roles,
                _ => PrivilegedFields.ReadAsync(request)),
            lookups, ct);
        if (!decision.Allowed) throw new ApiError(decision.StatusCode, decision.Message);
        decision.Target?.AttachTo(http);
    }

    /// <summary>The router chose <c>MapFallback</c> (order int.MaxValue): no Abaco route has this path and method.</summary>
    private static bool IsFallback(HttpContext http) => http.GetEndpoint() is RouteEndpoint { Order: int.MaxValue };
}

/// <summary>Runs <see cref="AbacoAccessControl"/> before the endpoint.</summary>
public sealed class AccessControlMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AbacoAccessControl access)
    {
        await access.CheckAsync(http);
        await next(http);
    }
}
