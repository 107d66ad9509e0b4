using Microsoft.AspNetCore.Routing.Template;

namespace Abaco.Api.Http;

/// <summary>Whether some mapped route (with any method) matches a path.</summary>
public static class KnownRoutes
{
    public static bool Matches(EndpointDataSource endpoints, PathString path) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order >= 0 && e.RoutePattern.RawText is { } raw && !raw.Contains("{*"))
            .Any(e => new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!), new RouteValueDictionary())
                .TryMatch(path, new RouteValueDictionary()));
}
