using System.Collections.Immutable;

namespace Abaco.Api.Auth;

/// <summary>Which kind of resource a guarded path addresses, as <c>auth.authorization</c> tells them apart.</summary>
public enum RouteFamily
{
    /// <summary><c>/actors</c></summary>
    Root,
    /// <summary><c>/actors/admin...</c> and <c>/admin...</c> (the admin dashboard)</summary>
    Admin,
    /// <summary><c>/actors/utilization</c></summary>
    Utilization,
    /// <summary><c>/actors/search/{type}</c></summary>
    Search,
    /// <summary><c>/actors/configs</c></summary>
    ConfigsRoot,
    /// <summary><c>/actors/configs/{name}...</c></summary>
    Config,
    /// <summary><c>/actors/aliases</c></summary>
    AliasesRoot,
    /// <summary><c>/actors/aliases/{alias}...</c></summary>
    Alias,
    /// <summary><c>/actors/{actor_id or alias}...</c></summary>
    Actor,
}

/// <summary>
/// The route a request reached, as the access control reads it: the family and sub-resource of the endpoint the
/// router chose (<see cref="RouteTag"/>), the name from that endpoint's route values, and the segments of the
/// canonical path (see <c>CanonicalPath</c>). Nothing here re-parses a path with rules of its own, so a request can
/// only reach a handler of the family that was checked. Names (actor ids, aliases, config names) keep their case.
/// </summary>
public sealed record AccessPath(ImmutableArray<string> Segments, RouteFamily Family, string? Name, string? Sub)
{
    /// <summary>The guarded route the router chose, or null for routes the access control leaves alone.</summary>
    public static AccessPath? Of(RouteTag tag, RouteValueDictionary values, string? canonicalPath)
    {
        if (tag.Family is not { } family) return null;
        var segments = (canonicalPath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
        var name = tag.NameParameter is { } parameter && values.TryGetValue(parameter, out var value)
            ? value?.ToString()
            : null;
        return new AccessPath(segments, family, name, tag.Sub);
    }

    /// <summary>
    /// Any segment is <c>admin</c>: the original required the admin role whenever <c>'admin' in request.path</c>.
    /// We match whole segments, not substrings, so an alias or config called e.g. <c>sysadmin</c> stays usable
    /// (<c>admin</c> itself is a reserved word for both).
    /// </summary>
    public bool MentionsAdmin => Family == RouteFamily.Admin || Segments.Any(s => Is(s, "admin"));

    /// <summary>The route's word after the name is <paramref name="word"/> (e.g. <c>messages</c>, <c>workers</c>).</summary>
    public bool SubIs(string word) => Sub is not null && Is(Sub, word);

    public static bool Is(string segment, string word) => string.Equals(segment, word, StringComparison.OrdinalIgnoreCase);
}
