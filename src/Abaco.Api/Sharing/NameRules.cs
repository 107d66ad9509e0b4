using System.Collections.Immutable;
using Abaco.Core.Text;

namespace Abaco.Api.Sharing;

/// <summary>
/// What a user-chosen name (an alias, a config name) may not be: one of the reserved words, or contain a forbidden
/// character (original-abaco.md §1.8, §1.9; the original's <c>check_reserved_words</c> and <c>check_forbidden_char</c>).
/// Reserved words are compared ignoring case (the original compared with case, so <c>Search</c> could be created
/// as an alias though the router takes <c>/actors/Search</c> for the search route).
/// </summary>
public sealed record NameRules(string Noun, ImmutableArray<string> ReservedWords, ImmutableArray<char> ForbiddenCharacters)
{
    /// <summary>
    /// Alias rules. The original reserves <c>executions, nonces, logs, messages, adapters, admin</c>; we also reserve
    /// <c>utilization, search, configs, aliases</c>, the other words routed as <c>/actors/{word}</c>: an alias named
    /// after them could be created but never reached, since the literal route wins (original-abaco.md §5.9 quirk 14, fixed).
    /// Dots are allowed. <c>%</c> is refused too (the original allowed it): a name with an escape in it, such as
    /// <c>%73earch</c>, is a different path once decoded.
    /// </summary>
    public static NameRules Alias { get; } = new("an alias",
        ["executions", "nonces", "logs", "messages", "adapters", "admin", "utilization", "search", "configs", "aliases"],
        ['\\', ' ', '"', ':', '/', '?', '#', '[', ']', '@', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', '%']);

    /// <summary>
    /// Config name rules, as original-abaco.md §1.9 lists them. (The original's config messages said "for an alias" and
    /// listed the alias characters, a copy-and-paste slip; these name the config and its own characters.) <c>%</c>
    /// is refused as for aliases.
    /// </summary>
    public static NameRules Config { get; } = new("an actor config",
        ["executions", "nonces", "logs", "messages", "adapters", "admin", "utilization"],
        [':', '/', '?', '#', '[', ']', '@', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ' ', '%']);

    /// <summary>The 400 message for <paramref name="name"/>, or null when the name is acceptable.</summary>
    public string? Problem(string name)
    {
        // Ignoring case, as the router matches route words: `SEARCH` as an alias would be routed as `search`.
        if (ReservedWords.Contains(name, StringComparer.OrdinalIgnoreCase))
            return $"{name} is a reserved word. The following reserved words cannot be used for {Noun}: " +
                   $"{PythonList(ReservedWords)}.";
        foreach (var c in ForbiddenCharacters)
        {
            if (name.Contains(c))
                return $"'{c}' is a forbidden character. The following characters cannot be used for {Noun}: " +
                       $"['{string.Join("', '", ForbiddenCharacters)}'].";
        }
        return null;
    }

    /// <summary>Python's <c>str()</c> of a list of strings, as the original prints these lists.</summary>
    public static string PythonList(IEnumerable<string> items) =>
        $"[{string.Join(", ", items.Select(PythonLiteral.ReprString))}]";

    /// <summary>Python's <c>str()</c> of a tuple of strings (the original's level lists are tuples).</summary>
    public static string PythonTuple(IEnumerable<string> items) =>
        $"({string.Join(", ", items.Select(PythonLiteral.ReprString))})";
}
