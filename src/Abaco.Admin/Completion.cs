namespace Abaco.Admin;

/// <summary>What Tab offers in the shell: the next word of a verb, or its options once the verb is complete.</summary>
internal static class Completion
{
    private static readonly string[] ShellWords = ["help", "exit"];

    /// <summary>The words that can replace the last (partial) word of <paramref name="line"/>.</summary>
    public static IReadOnlyList<string> Candidates(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var partial = line.Length == 0 || line.EndsWith(' ') ? "" : words[^1];
        var before = Verbs.Normalize(partial.Length == 0 ? words : words[..^1]);
        var next = Verbs.All
            .Where(v => v.WordList.Length > before.Length && v.WordList.Take(before.Length).SequenceEqual(before))
            .Select(v => v.WordList[before.Length]);
        if (before.Length == 0) next = next.Concat(ShellWords).Concat(["sharding", "singletons"]);
        if (Verbs.Find(before) is { } verb)
            next = next.Concat(verb.OptionNames.Concat(verb.SwitchNames).Select(o => $"--{o}"));
        return next.Where(w => w.StartsWith(partial, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The line with its last word completed as far as every candidate agrees.</summary>
    public static string Complete(string line, IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0) return line;
        var cut = line.LastIndexOf(' ') + 1;
        var common = candidates.Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]);
        return line[..cut] + common + (candidates.Count == 1 ? " " : "");
    }
}
