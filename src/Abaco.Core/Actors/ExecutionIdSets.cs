using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Abaco.Core.Actors;

/// <summary>
/// The execution ids an immutable list holds, as a set kept beside each list instance. An actor's queue can hold
/// tens of thousands of messages, and every message sent asks whether its id is queued already: scanning the queue
/// each time made accepting a message cost O(queue). Lists are immutable, so a list's set never goes stale; the
/// set of a list one message longer or shorter than a known one is derived from it in O(log n), any other is built
/// once on first use. Nothing here is persisted: a recovered state builds its sets when first asked.
/// </summary>
internal static class ExecutionIdSets
{
    private static readonly ConditionalWeakTable<object, ImmutableHashSet<string>> Sets = new();

    public static bool Contains<T>(ImmutableList<T> list, Func<T, string> idOf, string executionId) =>
        Sets.GetValue(list, _ => list.Select(idOf).ToImmutableHashSet(StringComparer.Ordinal)).Contains(executionId);

    /// <summary><paramref name="next"/> is <paramref name="previous"/> with <paramref name="executionId"/> added.</summary>
    public static ImmutableList<T> Added<T>(ImmutableList<T> previous, ImmutableList<T> next, string executionId) =>
        Derive(previous, next, ids => ids.Add(executionId));

    /// <summary><paramref name="next"/> is <paramref name="previous"/> without <paramref name="removed"/>.</summary>
    public static ImmutableList<T> Removed<T>(ImmutableList<T> previous, ImmutableList<T> next, IEnumerable<string> removed) =>
        Derive(previous, next, ids => ids.Except(removed));

    /// <summary><paramref name="next"/> is <paramref name="previous"/> without <paramref name="removed"/> and with <paramref name="added"/>.</summary>
    public static ImmutableList<T> Replaced<T>(ImmutableList<T> previous, ImmutableList<T> next, IEnumerable<string> removed,
        string added) =>
        Derive(previous, next, ids => ids.Except(removed).Add(added));

    private static ImmutableList<T> Derive<T>(ImmutableList<T> previous, ImmutableList<T> next,
        Func<ImmutableHashSet<string>, ImmutableHashSet<string>> change)
    {
        if (!ReferenceEquals(previous, next) && Sets.TryGetValue(previous, out var ids)) Sets.AddOrUpdate(next, change(ids));
        return next;
    }
}
