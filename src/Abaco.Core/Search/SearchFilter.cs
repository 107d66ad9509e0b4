using System.Collections.Frozen;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Abaco.Core.Search;

/// <summary>
/// One field filter of a search, <c>field[.op]=value</c> (original-abaco.md §5.3), with the original's Mongo semantics:
/// a dotted path reaches nested fields and array elements; a condition on an array holds when it holds for the array
/// or any element; <c>neq</c>, <c>nin</c> and <c>nlike</c> are the negations of <c>eq</c>, <c>in</c> and <c>like</c>, so they
/// match a missing field, which no other operator does (except equality with <c>none</c>, as Mongo's
/// <c>{field: null}</c> matches a missing field).
/// </summary>
public sealed class SearchFilter
{
    private static readonly FrozenDictionary<string, SearchOperator> Operators = new Dictionary<string, SearchOperator>
    {
        ["eq"] = SearchOperator.Eq, ["neq"] = SearchOperator.Neq,
        ["lt"] = SearchOperator.Lt, ["lte"] = SearchOperator.Lte,
        ["gt"] = SearchOperator.Gt, ["gte"] = SearchOperator.Gte,
        ["in"] = SearchOperator.In, ["nin"] = SearchOperator.Nin,
        ["between"] = SearchOperator.Between,
        ["like"] = SearchOperator.Like, ["nlike"] = SearchOperator.Nlike,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Suffixes that are operators of other query dialects. A last path segment is otherwise a nested field name
    /// (<c>_links.owner</c>, <c>final_state.StartedAt</c>), so only these, and the known operators in another case,
    /// are rejected as unknown operators rather than silently matching nothing.
    /// </summary>
    private static readonly FrozenSet<string> ForeignOperators = new[]
    {
        "ne", "nq", "not", "ge", "le", "gteq", "lteq", "eql", "equal", "equals", "notin", "not_in", "nbetween",
        "regex", "nregex", "notlike", "not_like", "ilike", "exists", "contains", "startswith", "endswith", "isnull",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyList<SearchValue> _values;
    private readonly Regex? _regex;

    private SearchFilter(string parameter, string field, SearchOperator op, string rawValue,
        IReadOnlyList<SearchValue> values, Regex? regex)
    {
        Parameter = parameter;
        Field = field;
        Path = field.Split('.');
        Operator = op;
        RawValue = rawValue;
        _values = values;
        _regex = regex;
    }

    /// <summary>The query parameter name as the client sent it (used in error messages).</summary>
    public string Parameter { get; }

    /// <summary>The dotted field path in the documents' (snake case) names, without the operator suffix.</summary>
    public string Field { get; }

    public IReadOnlyList<string> Path { get; }
    public SearchOperator Operator { get; }
    public string RawValue { get; }

    /// <summary>Whether the values compare as instants (the key names one of <see cref="SearchTime.TimeKeys"/>).</summary>
    public bool IsTimeFilter { get; private init; }

    /// <summary>The values when every one stayed a plain string (none became a bool, null, number, time or JSON).</summary>
    public IReadOnlyList<string>? PlainStrings => AllOf(SearchValueKind.String)?.Select(v => v.Text).ToList();

    /// <summary>The values when every one is a number.</summary>
    public IReadOnlyList<double>? Numbers => AllOf(SearchValueKind.Number)?.Select(v => v.Number).ToList();

    /// <summary>The values when every one is an instant (a time field given ISO 8601 values).</summary>
    public IReadOnlyList<DateTimeOffset>? Times => AllOf(SearchValueKind.Time)?.Select(v => v.Time).ToList();

    private IReadOnlyList<SearchValue>? AllOf(SearchValueKind kind) =>
        _values.Count > 0 && _values.All(v => v.Kind == kind) ? _values : null;

    /// <summary>
    /// Builds a filter from a (snake case) key and its value. <paramref name="parameter"/> is the name the client
    /// used, for messages. Throws <see cref="SearchQueryException"/> for an unknown operator, an empty field, a bad
    /// <c>between</c>, an unparseable time on a time field or an invalid regular expression.
    /// </summary>
    public static SearchFilter Parse(string parameter, string key, string value)
    {
        var (field, op) = SplitOperator(parameter, key);
        if (field.Length == 0 || field.Split('.').Any(s => s.Length == 0))
            throw new SearchQueryException(parameter, $"'{field}' is not a field name or dotted path.");

        // As the original, the time test looks at the whole key, operator suffix included.
        var timeKey = SearchTime.IsTimeKey(key);
        IReadOnlyList<SearchValue> values = op switch
        {
            SearchOperator.In or SearchOperator.Nin => ParseList(parameter, value, timeKey),
            SearchOperator.Between => ParseRange(parameter, value, timeKey),
            SearchOperator.Like or SearchOperator.Nlike => [],
            _ => [SearchValue.Coerce(value, timeKey, parameter)],
        };
        var regex = op is SearchOperator.Like or SearchOperator.Nlike ? CompileRegex(parameter, value) : null;
        return new SearchFilter(parameter, field, op, value, values, regex) { IsTimeFilter = timeKey };
    }

    /// <summary>True when the document satisfies the filter.</summary>
    /// <exception cref="SearchQueryException">A <c>like</c> pattern took too long on this document.</exception>
    public bool Matches(JsonObject doc)
    {
        var found = JsonValues.Resolve(doc, Path);
        return Operator switch
        {
            SearchOperator.Eq => AnyEqual(found, _values[0]),
            SearchOperator.Neq => !AnyEqual(found, _values[0]),
            SearchOperator.In => _values.Any(v => AnyEqual(found, v)),
            SearchOperator.Nin => !_values.Any(v => AnyEqual(found, v)),
            SearchOperator.Lt => Ordered(found, _values[0], c => c < 0, orEqualNull: false),
            SearchOperator.Lte => Ordered(found, _values[0], c => c <= 0, orEqualNull: true),
            SearchOperator.Gt => Ordered(found, _values[0], c => c > 0, orEqualNull: false),
            SearchOperator.Gte => Ordered(found, _values[0], c => c >= 0, orEqualNull: true),
            SearchOperator.Between => Candidates(found).Any(n =>
                _values[0].CompareDocument(n) >= 0 && _values[1].CompareDocument(n) <= 0),
            SearchOperator.Like => AnyLike(found),
            SearchOperator.Nlike => !AnyLike(found),
            _ => throw new InvalidOperationException($"Unhandled operator {Operator}."),
        };
    }

    private static IEnumerable<JsonNode?> Candidates(List<JsonNode?> found) => found.SelectMany(JsonValues.WithElements);

    private static bool AnyEqual(List<JsonNode?> found, SearchValue value) =>
        found.Count == 0 ? value.Kind == SearchValueKind.Null : Candidates(found).Any(value.EqualTo);

    // Mongo: {$lte: null} and {$gte: null} are {$eq: null}; {$lt: null} and {$gt: null} match nothing.
    private static bool Ordered(List<JsonNode?> found, SearchValue value, Func<int, bool> holds, bool orEqualNull) =>
        value.Kind == SearchValueKind.Null
            ? orEqualNull && AnyEqual(found, value)
            : Candidates(found).Any(n => value.CompareDocument(n) is { } c && holds(c));

    private bool AnyLike(List<JsonNode?> found)
    {
        try
        {
            return Candidates(found).Any(n => JsonValues.TryGetString(n, out var s) && _regex!.IsMatch(s));
        }
        catch (RegexMatchTimeoutException)
        {
            throw new SearchQueryException(Parameter, "the regular expression takes too long to evaluate.");
        }
    }

    private static (string Field, SearchOperator Op) SplitOperator(string parameter, string key)
    {
        var dot = key.LastIndexOf('.');
        if (dot < 0) return (key, SearchOperator.Eq);
        var suffix = key[(dot + 1)..];
        if (Operators.TryGetValue(suffix, out var op)) return (key[..dot], op);
        if (suffix.Length == 0)
            throw new SearchQueryException(parameter, "the operator after the last '.' is missing.");
        if (Operators.ContainsKey(suffix.ToLowerInvariant()) || ForeignOperators.Contains(suffix))
            throw new SearchQueryException(parameter,
                $"unknown operator '{suffix}'; use one of {string.Join(", ", Operators.Keys.Order(StringComparer.Ordinal))} (lower case).");
        return (key, SearchOperator.Eq);
    }

    private static IReadOnlyList<SearchValue> ParseList(string parameter, string value, bool timeKey)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            if (SearchValue.TryParseJson(trimmed, out var node) && node is JsonArray array)
                return array.Select(e => SearchValue.FromJson(e, e?.ToJsonString() ?? "null", timeKey, parameter)).ToList();
            // An unquoted list such as [COMPLETE, READY]: read it as the comma separated form.
            if (trimmed.EndsWith(']')) trimmed = trimmed[1..^1];
        }
        return trimmed.Split(',').Select(p => SearchValue.Coerce(p.Trim(), timeKey, parameter)).ToList();
    }

    private static IReadOnlyList<SearchValue> ParseRange(string parameter, string value, bool timeKey)
    {
        var parts = value.Split(',');
        if (parts.Length != 2 || parts.Any(p => p.Trim().Length == 0))
            throw new SearchQueryException(parameter,
                $"between needs exactly two comma separated values, e.g. runtime.between=20,40; received '{value}'.");
        if (timeKey) return [SearchValue.ParseTime(parts[0].Trim(), parameter), SearchValue.ParseTime(parts[1].Trim(), parameter)];
        return parts.Select(p => SearchValue.TryParseNumber(p.Trim(), out _)
                ? SearchValue.Coerce(p.Trim(), timeKey: false, parameter)
                : throw new SearchQueryException(parameter,
                    $"between values must be numbers (or ISO 8601 times on a time field); received '{value}'."))
            .ToList();
    }

    private static Regex CompileRegex(string parameter, string pattern)
    {
        try
        {
            // Linear-time matching where the pattern allows it; a pattern needing backtracking gets a timeout.
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
        }
        catch (ArgumentException e)
        {
            throw new SearchQueryException(parameter, $"'{pattern}' is not a valid regular expression ({e.Message}).");
        }
    }
}
