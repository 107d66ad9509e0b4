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
/// A request path as the access control reads it: by segments, like the original's path-based
/// <c>auth.authorization()</c>, so it needs no route match. Fixed words (<c>actors</c>, <c>aliases</c>,
/// <c>messages</c>, ...) are matched ignoring case because ASP.NET routes match them ignoring case — a check that
/// cared about case could be walked around with <c>/Actors/x/MESSAGES</c>. Names (actor ids, aliases, config names)
/// keep their case.
/// </summary>
public sealed record AccessPath(ImmutableArray<string> Segments, RouteFamily Family, string? Name, string? Sub)
{
    /// <summary>The guarded path, or null for paths the access control leaves alone (health, metrics, ...).</summary>
    public static AccessPath? Parse(string? path)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
        if (segments.Length == 0) return null;
        if (Is(segments[0], "admin")) return new AccessPath(segments, RouteFamily.Admin, null, null);
        if (!Is(segments[0], "actors")) return null;

        var rest = segments.Length - 1;
        if (rest == 0) return new AccessPath(segments, RouteFamily.Root, null, null);
        string? At(int i) => i + 1 < segments.Length ? segments[i + 1] : null;
        return segments[1] switch
        {
            var s when Is(s, "admin") => new AccessPath(segments, RouteFamily.Admin, null, null),
            var s when Is(s, "utilization") => new AccessPath(segments, RouteFamily.Utilization, null, null),
            var s when Is(s, "search") => new AccessPath(segments, RouteFamily.Search, At(1), null),
            var s when Is(s, "configs") => rest == 1
                ? new AccessPath(segments, RouteFamily.ConfigsRoot, null, null)
                : new AccessPath(segments, RouteFamily.Config, At(1), At(2)),
            var s when Is(s, "aliases") => rest == 1
                ? new AccessPath(segments, RouteFamily.AliasesRoot, null, null)
                : new AccessPath(segments, RouteFamily.Alias, At(1), At(2)),
            _ => new AccessPath(segments, RouteFamily.Actor, At(0), At(1)),
        };
    }

    /// <summary>
    /// Any segment is <c>admin</c>: the original required the admin role whenever <c>'admin' in request.path</c>.
    /// We match whole segments, not substrings, so an alias or config called e.g. <c>sysadmin</c> stays usable
    /// (<c>admin</c> itself is a reserved word for both).
    /// </summary>
    public bool MentionsAdmin => Family == RouteFamily.Admin || Segments.Any(s => Is(s, "admin"));

    /// <summary>The segment after the name is <paramref name="word"/> (e.g. <c>messages</c>, <c>workers</c>, <c>nonces</c>).</summary>
    public bool SubIs(string word) => Sub is not null && Is(Sub, word);

    public static bool Is(string segment, string word) => string.Equals(segment, word, StringComparison.OrdinalIgnoreCase);
}
