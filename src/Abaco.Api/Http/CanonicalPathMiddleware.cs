using Microsoft.AspNetCore.Http.Features;

namespace Abaco.Api.Http;

/// <summary>
/// Replaces the request path with its <see cref="CanonicalPath"/> before routing runs (so register it before
/// <c>UseRouting()</c>), or refuses the request with a 400. Works from the target as the client sent it when the
/// server provides it, so the server's own decoding and dot-segment removal decide nothing.
/// </summary>
public sealed class CanonicalPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var raw = CanonicalPath.PathOfTarget(http.Features.Get<IHttpRequestFeature>()?.RawTarget);
        if (raw is null)
        {
            // No raw target (an in-process host): the server's decoded path, with '/' as the only separator.
            var decoded = http.Request.Path.Value ?? "/";
            raw = decoded.Replace("%", "%25", StringComparison.Ordinal);
        }
        var (path, problem) = CanonicalPath.Of(raw);
        if (problem is not null) throw ApiError.BadRequest(problem);
        http.Request.Path = new PathString(path);
        return next(http);
    }
}
