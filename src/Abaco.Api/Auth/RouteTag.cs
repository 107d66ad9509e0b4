using Microsoft.AspNetCore.Routing.Patterns;

namespace Abaco.Api.Auth;

/// <summary>
/// Endpoint metadata: the route family of a mapped route, which of its route values is the name the family is about
/// (actor id or alias, alias, config name, search type) and the literal word after that name (<c>messages</c>,
/// <c>workers</c>, <c>nonces</c>, ...). Computed once per endpoint from the route's own template when the routes are
/// mapped, so the access control checks exactly the route the router chose — it never reads the request path with
/// rules of its own. <see cref="Family"/> null: a route outside <c>/actors</c>, <c>/admin</c>, <c>/metrics</c> and <c>/cron</c> (health).
/// </summary>
public sealed record RouteTag(RouteFamily? Family, string? NameParameter = null, string? Sub = null)
{
    public bool IsGuarded => Family is not null;

    /// <summary>The convention that tags every endpoint of a route group (see <c>AbacoApiHosting.MapAbacoRoutes</c>).</summary>
    public static void Apply(EndpointBuilder builder)
    {
        if (builder is RouteEndpointBuilder route) builder.Metadata.Add(Classify(route.RoutePattern));
    }

    /// <summary>
    /// The family of a route template. A template under <c>/actors</c> of a shape this does not know (a new literal
    /// word after <c>/actors/</c>, a parameter where a word is expected) throws: whoever adds such a route must decide
    /// its family here, and reserve the word for aliases.
    /// </summary>
    public static RouteTag Classify(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(Part).ToArray();
        string? Literal(int i) => i < segments.Length ? segments[i].Literal : null;
        string? Parameter(int i) => i < segments.Length ? segments[i].Parameter : null;

        // The operator surfaces list every tenant's actors: admin-only, like the dashboard.
        if (Is(Literal(0), "admin") || Is(Literal(0), "metrics") || Is(Literal(0), "cron"))
            return new RouteTag(RouteFamily.Admin);
        if (!Is(Literal(0), "actors")) return new RouteTag(Family: null);
        if (segments.Length == 1) return new RouteTag(RouteFamily.Root);

        if (Parameter(1) is { } actor) return new RouteTag(RouteFamily.Actor, actor, Literal(2));
        return Literal(1)?.ToLowerInvariant() switch
        {
            "admin" => new RouteTag(RouteFamily.Admin),
            "utilization" => new RouteTag(RouteFamily.Utilization),
            "search" => new RouteTag(RouteFamily.Search, Parameter(2)),
            "configs" when segments.Length == 2 => new RouteTag(RouteFamily.ConfigsRoot),
            "configs" => new RouteTag(RouteFamily.Config, Named(pattern, Parameter(2)), Literal(3)),
            "aliases" when segments.Length == 2 => new RouteTag(RouteFamily.AliasesRoot),
            "aliases" => new RouteTag(RouteFamily.Alias, Named(pattern, Parameter(2)), Literal(3)),
            _ => throw Unknown(pattern),
        };
    }

    private static string Named(RoutePattern pattern, string? parameter) => parameter ?? throw Unknown(pattern);

    private static InvalidOperationException Unknown(RoutePattern pattern) =>
        new($"The route '{pattern.RawText}' has no route family; add it to {nameof(RouteTag)}.{nameof(Classify)}.");

    private static (string? Literal, string? Parameter) Part(RoutePatternPathSegment segment) =>
        segment.IsSimple
            ? segment.Parts[0] switch
            {
                RoutePatternLiteralPart literal => (literal.Content, (string?)null),
                RoutePatternParameterPart parameter => ((string?)null, parameter.Name),
                _ => ((string?)null, (string?)null),
            }
            : (null, null);

    // The router matches literal words ignoring case (ordinal), so the families do too.
    private static bool Is(string? segment, string word) => string.Equals(segment, word, StringComparison.OrdinalIgnoreCase);
}
