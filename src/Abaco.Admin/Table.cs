using System.Text;

namespace Abaco.Admin;

/// <summary>A plain text table: a header row, then the rows, each column as wide as its widest cell.</summary>
internal static class Table
{
    public static string Format(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths);
        foreach (var row in rows) Line(text, row, widths);
        if (rows.Count == 0) text.AppendLine("(none)");
        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, int[] widths) =>
        text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
}
