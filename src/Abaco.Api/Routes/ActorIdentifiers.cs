using System.Collections.Concurrent;
using Abaco.Core.Ids;

namespace Abaco.Api.Routes;

/// <summary>
/// Whether a route's <c>{actor_id}</c> is a Hashid (an actor id) rather than an alias, remembered per identifier.
/// Deciding it decodes and re-encodes the id with big-integer arithmetic, and every actor request asks twice (access
/// control, then the route): a tenth of what the accept path allocated. The answer depends on the string alone, so a
/// remembered one never goes stale; the memory is bounded and starts over when full.
/// </summary>
public static class ActorIdentifiers
{
    private const int Remembered = 4096;
    private const int LongestRemembered = 64;

    private static readonly ConcurrentDictionary<string, bool> Known = new(StringComparer.Ordinal);

    public static bool IsHashid(string? identifier)
    {
        if (identifier is null || identifier.Length > LongestRemembered) return AbacoIds.IsHashid(identifier);
        if (Known.TryGetValue(identifier, out var known)) return known;
        var isHashid = AbacoIds.IsHashid(identifier);
        if (Known.Count >= Remembered) Known.Clear();
        Known[identifier] = isHashid;
        return isHashid;
    }
}
