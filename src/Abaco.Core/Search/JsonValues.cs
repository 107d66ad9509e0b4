using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Core.Search;

/// <summary>Reading, walking and comparing <see cref="JsonNode"/> values the way a Mongo query sees a document.</summary>
internal static class JsonValues
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool TryGetString(JsonNode? node, out string text)
    {
        text = "";
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String) return false;
        if (value.TryGetValue<string>(out var s))
        {
            text = s;
            return true;
        }
        // A value wrapping another CLR type that serializes as a string (a DateTime, a Guid…).
        using var doc = JsonDocument.Parse(value.ToJsonString());
        text = doc.RootElement.GetString() ?? "";
        return true;
    }

    public static bool TryGetNumber(JsonNode? node, out double number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>
    /// The values a dotted path reaches, Mongo style: through objects by name and through arrays either by index
    /// (<c>hints.0</c>) or into every element (<c>mounts.host_path</c>). An empty result means the field is missing;
    /// a JSON null is returned as a <c>null</c> entry.
    /// </summary>
    public static List<JsonNode?> Resolve(JsonObject doc, IReadOnlyList<string> path)
    {
        var found = new List<JsonNode?>();
        Walk(doc, path, 0, found);
        return found;
    }

    private static void Walk(JsonNode? node, IReadOnlyList<string> path, int index, List<JsonNode?> found)
    {
        if (index == path.Count)
        {
            found.Add(node);
            return;
        }
        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue(path[index], out var child):
                Walk(child, path, index + 1, found);
                break;
            case JsonArray array:
                if (int.TryParse(path[index], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count)
                    Walk(array[i], path, index + 1, found);
                foreach (var element in array)
                    if (element is JsonObject) Walk(element, path, index, found);
                break;
        }
    }

    /// <summary>A value and, when it is an array, each element: what a Mongo condition is tried against.</summary>
    public static IEnumerable<JsonNode?> WithElements(JsonNode? node)
    {
        yield return node;
        if (node is JsonArray array)
            foreach (var element in array) yield return element;
    }

    /// <summary>Every string anywhere in the node, skipping members named <paramref name="skipMember"/>.</summary>
    public static IEnumerable<string> Strings(JsonNode? node, string skipMember)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == skipMember) continue;
                    foreach (var s in Strings(child, skipMember)) yield return s;
                }
                break;
            case JsonArray array:
                foreach (var element in array)
                    foreach (var s in Strings(element, skipMember)) yield return s;
                break;
            default:
                if (TryGetString(node, out var text)) yield return text;
                break;
        }
    }

    /// <summary>Structural equality: numbers by value, strings ordinally, objects by member set, arrays in order.</summary>
    public static bool StructurallyEqual(JsonNode? a, JsonNode? b)
    {
        var kind = Kind(a);
        if (kind != Kind(b)) return false;
        switch (kind)
        {
            case JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False:
                return true;
            case JsonValueKind.Number:
                return TryGetNumber(a, out var x) && TryGetNumber(b, out var y) && x.Equals(y);
            case JsonValueKind.String:
                return TryGetString(a, out var s) && TryGetString(b, out var t) && string.Equals(s, t, StringComparison.Ordinal);
            case JsonValueKind.Array:
                var left = (JsonArray)a!;
                var right = (JsonArray)b!;
                if (left.Count != right.Count) return false;
                for (var i = 0; i < left.Count; i++)
                    if (!StructurallyEqual(left[i], right[i])) return false;
                return true;
            case JsonValueKind.Object:
                var lo = (JsonObject)a!;
                var ro = (JsonObject)b!;
                if (lo.Count != ro.Count) return false;
                foreach (var (name, value) in lo)
                    if (!ro.TryGetPropertyValue(name, out var other) || !StructurallyEqual(value, other)) return false;
                return true;
            default:
                return false;
        }
    }
}
