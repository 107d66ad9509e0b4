using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Cli.Output;

/// <summary>
/// Results as text tables for people: a list of objects is one row each; one object is a KEY VALUE listing, its
/// lists of objects following as tables of their own. Long or nested values are cut short; use
/// <c>--output json</c> for everything.
/// </summary>
public static class TableText
{
    private const int MaxCell = 60;
    private const int MaxColumns = 8;

    public static string From(JsonNode result, IReadOnlyList<string>? columns = null)
    {
        var text = new StringBuilder();
        switch (result)
        {
            case JsonArray array:
                AppendList(text, array, columns);
                break;
            case JsonObject obj:
                AppendObject(text, obj, columns);
                break;
            default:
                text.Append(Cell(result, int.MaxValue)).Append('\n');
                break;
        }
        return text.ToString();
    }

    private static void AppendObject(StringBuilder text, JsonObject obj, IReadOnlyList<string>? columns)
    {
        var lists = obj.Where(p => p.Value is JsonArray a && a.Count > 0 && a.All(i => i is JsonObject)).ToList();
        var rows = obj.Except(lists).Select(p => new[] { p.Key, Cell(p.Value, MaxCell * 2) }).ToList();
        AppendRows(text, rows);
        foreach (var (key, value) in lists)
        {
            text.Append('\n').Append(key).Append(":\n");
            AppendList(text, (JsonArray)value!, columns);
        }
    }

    private static void AppendList(StringBuilder text, JsonArray array, IReadOnlyList<string>? columns)
    {
        if (array.Count == 0)
        {
            text.Append("(none)\n");
            return;
        }
        if (array.Any(i => i is not JsonObject))
        {
            foreach (var item in array) text.Append(Cell(item, int.MaxValue)).Append('\n');
            return;
        }
        var keys = array.Cast<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct().ToList();
        var chosen = Columns(keys, columns);
        var rows = new List<string[]> { chosen.Select(k => k.ToUpperInvariant()).ToArray() };
        rows.AddRange(array.Cast<JsonObject>().Select(o => chosen.Select(k => Cell(o[k], MaxCell)).ToArray()));
        AppendRows(text, rows);
    }

    /// <summary>
    /// The wanted columns that the rows have, matched ignoring case and underscores so that snake and camel nodes
    /// both fill <c>execution_id</c>; without wishes (or none present), the first keys.
    /// </summary>
    private static List<string> Columns(List<string> keys, IReadOnlyList<string>? wanted)
    {
        var chosen = (wanted ?? [])
            .Select(w => keys.FirstOrDefault(k => Normal(k) == Normal(w)))
            .OfType<string>()
            .ToList();
        return chosen.Count > 0 ? chosen : keys.Where(k => !k.StartsWith('_')).Take(MaxColumns).ToList();
    }

    private static string Normal(string key) => key.Replace("_", "").ToLowerInvariant();

    private static void AppendRows(StringBuilder text, List<string[]> rows)
    {
        if (rows.Count == 0) return;
        var widths = Enumerable.Range(0, rows.Max(r => r.Length))
            .Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0))
            .ToArray();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])));
            text.Append(line.TrimEnd()).Append('\n');
        }
    }

    private static string Cell(JsonNode? value, int max)
    {
        var text = value switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => value.ToJsonString(),
        };
        text = text.Replace("\r", "").Replace('\n', ' ').Replace('\t', ' ');
        return text.Length <= max ? text : text[..(max - 3)] + "...";
    }
}
