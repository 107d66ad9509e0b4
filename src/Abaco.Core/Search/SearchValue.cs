using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Core.Search;

internal enum SearchValueKind { Null, Boolean, Number, Time, String, Json }

/// <summary>
/// One query value after the original's coercion (<c>Search.arg_parser</c>): <c>true</c>/<c>false</c> → bool,
/// <c>none</c> → null (both case-insensitive), a time key → an instant, then a number, then JSON with single quotes
/// tolerated, else the plain string. <see cref="Raw"/> keeps the text the client sent.
/// </summary>
internal sealed class SearchValue
{
    private SearchValue(SearchValueKind kind, string raw)
    {
        Kind = kind;
        Raw = raw;
    }

    public SearchValueKind Kind { get; }
    public string Raw { get; }
    public bool Boolean { get; private init; }
    public double Number { get; private init; }
    public DateTimeOffset Time { get; private init; }
    public string Text { get; private init; } = "";

    /// <summary>The JSON object or array for <see cref="SearchValueKind.Json"/>.</summary>
    public JsonNode? Json { get; private init; }

    public static SearchValue Coerce(string raw, bool timeKey, string parameter)
    {
        if (raw.Equals("true", StringComparison.OrdinalIgnoreCase)) return new(SearchValueKind.Boolean, raw) { Boolean = true };
        if (raw.Equals("false", StringComparison.OrdinalIgnoreCase)) return new(SearchValueKind.Boolean, raw) { Boolean = false };
        if (raw.Equals("none", StringComparison.OrdinalIgnoreCase)) return new(SearchValueKind.Null, raw);
        if (timeKey) return ParseTime(raw, parameter);
        if (TryParseNumber(raw, out var number)) return new(SearchValueKind.Number, raw) { Number = number };
        if (TryParseJson(raw, out var json)) return FromJson(json, raw, timeKey: false, parameter);
        return new(SearchValueKind.String, raw) { Text = raw };
    }

    public static SearchValue ParseTime(string raw, string parameter) =>
        SearchTime.TryParse(raw, out var time)
            ? new(SearchValueKind.Time, raw) { Time = time }
            : throw new SearchQueryException(parameter,
                $"'{raw}' is not an ISO 8601 date or time (e.g. 2020-05-01, 2020-05-01T14:45 or 2020-05-01T14:45:41.591Z).");

    /// <summary>A value taken from a JSON list given to <c>in</c>/<c>nin</c> (or parsed from a JSON query value).</summary>
    public static SearchValue FromJson(JsonNode? node, string raw, bool timeKey, string parameter)
    {
        switch (JsonValues.Kind(node))
        {
            case JsonValueKind.Null:
                return new(SearchValueKind.Null, raw);
            case JsonValueKind.True or JsonValueKind.False:
                return new(SearchValueKind.Boolean, raw) { Boolean = JsonValues.Kind(node) == JsonValueKind.True };
            case JsonValueKind.Number when JsonValues.TryGetNumber(node, out var number) && double.IsFinite(number):
                return new(SearchValueKind.Number, raw) { Number = number };
            case JsonValueKind.String when JsonValues.TryGetString(node, out var text):
                return timeKey ? ParseTime(text, parameter) : new(SearchValueKind.String, raw) { Text = text };
            default:
                return new(SearchValueKind.Json, raw) { Json = node?.DeepClone() };
        }
    }

    /// <summary>Python <c>float()</c>, minus the non-finite values (which no stored number equals anyway).</summary>
    public static bool TryParseNumber(string raw, out double number) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary><c>json.loads(val.replace("'", '"'))</c>: JSON with single quotes tolerated.</summary>
    public static bool TryParseJson(string raw, out JsonNode? node)
    {
        node = null;
        try
        {
            node = JsonNode.Parse(raw.Replace('\'', '"'));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The sign of (document value − this value), or null when the two are of different types.</summary>
    public int? CompareDocument(JsonNode? doc) => Kind switch
    {
        SearchValueKind.Number when JsonValues.TryGetNumber(doc, out var n) => n.CompareTo(Number),
        SearchValueKind.String when JsonValues.TryGetString(doc, out var s) => Math.Sign(string.CompareOrdinal(s, Text)),
        SearchValueKind.Time when JsonValues.TryGetString(doc, out var s) && SearchTime.TryParse(s, out var t) => t.CompareTo(Time),
        SearchValueKind.Boolean when JsonValues.Kind(doc) is JsonValueKind.True or JsonValueKind.False =>
            (JsonValues.Kind(doc) == JsonValueKind.True).CompareTo(Boolean),
        _ => null,
    };

    /// <summary>
    /// Equality with one document value. Beyond the typed comparison, a document string that reads as the coerced
    /// value also matches a bool, null or number: the documents searched are display documents, where e.g. an
    /// actor's <c>token</c> reads <c>"false"</c> and a missing time reads <c>"None"</c>, while the original compared
    /// against the stored types.
    /// </summary>
    public bool EqualTo(JsonNode? doc)
    {
        switch (Kind)
        {
            case SearchValueKind.Null:
                return JsonValues.Kind(doc) == JsonValueKind.Null
                    || JsonValues.TryGetString(doc, out var none) && none.Equals("None", StringComparison.OrdinalIgnoreCase);
            case SearchValueKind.Json:
                return JsonValues.StructurallyEqual(doc, Json);
            case SearchValueKind.Boolean when JsonValues.TryGetString(doc, out var text):
                return text.Equals(Boolean ? "true" : "false", StringComparison.OrdinalIgnoreCase);
            case SearchValueKind.Number when JsonValues.TryGetString(doc, out var text):
                return TryParseNumber(text, out var number) && number.Equals(Number);
            default:
                return CompareDocument(doc) == 0;
        }
    }
}
