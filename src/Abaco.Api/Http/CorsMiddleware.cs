
namespace Abaco.Api.Http;

/// <summary>
/// The original runs <c>flask_cors.CORS(app)</c>: every origin may call, and OPTIONS on any path answers 200 with
/// the allow headers and no authentication (original-abaco.md §1.1 "CORS").
/// </summary>
public sealed class CorsMiddleware(RequestDelegate next)
{
    private const string Methods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var headers = http.Response.Headers;
        var origin = request.Headers.Origin.ToString();
        headers.AccessControlAllowOrigin = string.IsNullOrEmpty(origin) ? "*" : origin;
        if (!string.IsNullOrEmpty(origin)) headers.Vary = "Origin";
        if (!HttpMethods.IsOptions(request.Method)) return next(http);

        headers.AccessControlAllowMethods = Methods;
        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        if (!string.IsNullOrEmpty(requested)) headers.AccessControlAllowHeaders = requested;
        headers.Allow = Methods;
        http.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }
}
