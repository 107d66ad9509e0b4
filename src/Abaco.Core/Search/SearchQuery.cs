using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Abaco.Core.Search;

/// <summary>
/// A parsed search (original-abaco.md §5.3, the original's <c>models.Search</c>) over documents already shaped for display
/// in snake case. Tenant and permission filtering is the caller's job: it happens before <see cref="Apply"/>.
/// <list type="bullet">
/// <item><c>search</c>: whitespace separated terms; a document matches when any term occurs (case-insensitive
/// substring) in any string value, and documents are ranked by the number of distinct terms they contain, keeping
/// the given order otherwise. A double-quoted part is a phrase, as inside a Mongo <c>$text</c> search.</item>
/// <item><c>exactsearch</c>: a phrase that must occur (case-insensitive) in some string value.</item>
/// <item><c>skip</c> (default 0), <c>limit</c> (default 100): paging, applied after counting.</item>
/// <item><c>x-nonce</c>: ignored. Every other key is a <see cref="SearchFilter"/>.</item>
/// </list>
/// Text search ignores <c>_links</c>, which the display adds and the original's stored documents did not have.
/// Deliberate difference: the original always added the tenant to <c>$text</c> as a quoted phrase, and Mongo then
/// treats the other terms as ranking only; here the terms also filter (any term must occur), as the API documents.
/// As in the original (Flask's <c>dict(request.args)</c>), only the first value of a repeated key is used.
/// </summary>
public sealed class SearchQuery
{
    public const int DefaultLimit = 100;

    public const string SearchKey = "search";
    public const string ExactSearchKey = "exactsearch";
    public const string SkipKey = "skip";
    public const string LimitKey = "limit";
    public const string NonceKey = "x-nonce";

    /// <summary>The member text search does not look into.</summary>
    private const string LinksMember = "_links";

    private SearchQuery(IReadOnlyList<string> terms, IReadOnlyList<string> phrases, IReadOnlyList<SearchFilter> filters,
        int skip, int limit, bool camelCase)
    {
        Terms = terms;
        Phrases = phrases;
        Filters = filters;
        Skip = skip;
        Limit = limit;
        CamelCase = camelCase;
    }

    /// <summary>The <c>search</c> terms (any one must occur; they rank the results).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The phrases that must all occur: <c>exactsearch</c> and quoted parts of <c>search</c>.</summary>
    public IReadOnlyList<string> Phrases { get; }

    public IReadOnlyList<SearchFilter> Filters { get; }
    public int Skip { get; }
    public int Limit { get; }

    /// <summary>The API's <c>web.case</c> is camel: keys were converted camel→snake, and the response is camel.</summary>
    public bool CamelCase { get; }

    /// <summary>
    /// The rule that turns <c>GET /actors</c>, <c>…/executions</c>, <c>…/workers</c> and <c>…/logs</c> into a search
    /// (original-abaco.md §1.1): more than one distinct query parameter, or one that is not <c>x-nonce</c>.
    /// </summary>
    public static bool IsSearchRequest(IEnumerable<string> queryKeys)
    {
        var keys = queryKeys.Distinct(StringComparer.Ordinal).Take(2).ToList();
        return keys.Count > 1 || keys.Count == 1 && keys[0] != NonceKey;
    }

    /// <summary>
    /// Parses the query string of a search. With <paramref name="camelCase"/> the first path segment of each key is
    /// converted camel→snake first (<c>finalState.StartedAt</c> → <c>final_state.StartedAt</c>), as the original's
    /// <c>dict_to_under</c>.
    /// </summary>
    /// <exception cref="SearchQueryException">A parameter cannot be used; the message names it.</exception>
    public static SearchQuery Parse(IEnumerable<KeyValuePair<string, string>> queryParameters, bool camelCase)
    {
        var terms = new List<string>();
        var phrases = new List<string>();
        var filters = new List<SearchFilter>();
        var skip = 0;
        var limit = DefaultLimit;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parameter, value) in queryParameters)
        {
            if (!seen.Add(parameter)) continue;
            var key = camelCase ? FirstSegmentToSnake(parameter) : parameter;
            switch (key)
            {
                case NonceKey:
                    break;
                case SearchKey:
                    ReadSearch(value, terms, phrases);
                    break;
                case ExactSearchKey:
                    if (value.Trim().Length > 0) phrases.Add(value.Trim());
                    break;
                case SkipKey:
                    skip = ReadCount(parameter, value);
                    break;
                case LimitKey:
                    limit = ReadCount(parameter, value);
                    break;
                default:
                    filters.Add(SearchFilter.Parse(parameter, key, value));
                    break;
            }
        }

        var distinctTerms = terms.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new SearchQuery(distinctTerms, phrases, filters, skip, limit, camelCase);
    }

    /// <summary>
    /// Runs the search: keeps the documents matching every filter and the text search, ranks them, and pages.
    /// The documents are not copied; <see cref="SearchResult.ToResponseBody"/> copies what it renders.
    /// </summary>
    /// <exception cref="SearchQueryException">A <c>like</c> pattern took too long.</exception>
    public SearchResult Apply(IEnumerable<JsonObject> documents)
    {
        var window = new SearchWindow(this, Filters);
        foreach (var doc in documents) window.Offer(doc);
        return window.Result();
    }

    /// <summary>
    /// Whether the document matches <paramref name="filters"/> and the text search: null when it does not, else its
    /// rank (how many distinct <see cref="Terms"/> it contains; 0 without terms).
    /// </summary>
    /// <exception cref="SearchQueryException">A <c>like</c> pattern took too long.</exception>
    public int? Score(JsonObject doc, IReadOnlyList<SearchFilter> filters)
    {
        if (!filters.All(f => f.Matches(doc))) return null;
        if (Terms.Count == 0 && Phrases.Count == 0) return 0;
        var strings = JsonValues.Strings(doc, LinksMember).ToList();
        if (!Phrases.All(p => strings.Any(s => s.Contains(p, StringComparison.OrdinalIgnoreCase)))) return null;
        var score = Terms.Count(t => strings.Any(s => s.Contains(t, StringComparison.OrdinalIgnoreCase)));
        return Terms.Count > 0 && score == 0 ? null : score;
    }

    /// <summary>Whether the query has text to look for (<c>search</c> or <c>exactsearch</c>).</summary>
    public bool HasText => Terms.Count > 0 || Phrases.Count > 0;

    private static void ReadSearch(string value, List<string> terms, List<string> phrases)
    {
        var parts = value.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            // Odd parts sit between a pair of double quotes; an unpaired trailing quote leaves plain terms.
            var quoted = i % 2 == 1 && i < parts.Length - 1;
            if (quoted)
            {
                if (parts[i].Trim().Length > 0) phrases.Add(parts[i].Trim());
            }
            else
            {
                terms.AddRange(parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    private static int ReadCount(string parameter, string value)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture, out var count) || count < 0)
            throw new SearchQueryException(parameter, $"{parameter} must be a non-negative integer; received '{value}'.");
        return count;
    }

    /// <summary>The original's <c>camel_to_under</c> on the first dotted segment: <c>actorId</c> → <c>actor_id</c>.</summary>
    internal static string FirstSegmentToSnake(string key)
    {
        var dot = key.IndexOf('.');
        var first = dot < 0 ? key : key[..dot];
        var sb = new StringBuilder(key.Length + 4);
        for (var i = 0; i < first.Length; i++)
        {
            if (i > 0 && char.IsUpper(first[i])) sb.Append('_');
            sb.Append(char.ToLowerInvariant(first[i]));
        }
        if (dot >= 0) sb.Append(key.AsSpan(dot));
        return sb.ToString();
    }
}
