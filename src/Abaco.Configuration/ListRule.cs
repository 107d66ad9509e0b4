using System.Collections.Immutable;

namespace Abaco.Configuration;

/// <summary>
/// How a list key is checked: item by item (each bad item is an error quoting it), or as a whole (one error saying
/// what the list lacks), and which items are kept.
/// </summary>
internal sealed record ListRule
{
    private ListRule(Func<string, bool> itemHolds, string itemRequirement, Func<ImmutableArray<string>, string?> problem,
        Func<ImmutableArray<string>, ImmutableArray<string>> kept)
    {
        ItemHolds = itemHolds;
        ItemRequirement = itemRequirement;
        Problem = problem;
        Kept = kept;
    }

    /// <summary>Whether one item is acceptable; an item that is not reads "<c>{key} {ItemRequirement} but was '{item}'</c>".</summary>
    public Func<string, bool> ItemHolds { get; }

    public string ItemRequirement { get; }

    /// <summary>What is wrong with the list as a whole ("<c>{key} {problem}</c>"), or null.</summary>
    public Func<ImmutableArray<string>, string?> Problem { get; }

    /// <summary>The items the settings keep (trimmed of empty ones, de-duplicated, normalised).</summary>
    public Func<ImmutableArray<string>, ImmutableArray<string>> Kept { get; }

    public static ListRule EachItem(Func<string, bool> holds, string requirement,
        Func<ImmutableArray<string>, ImmutableArray<string>> kept) =>
        new(holds, requirement, _ => null, kept);

    public static ListRule Whole(Func<ImmutableArray<string>, string?> problem,
        Func<ImmutableArray<string>, ImmutableArray<string>> kept) =>
        new(_ => true, "", problem, kept);
}
