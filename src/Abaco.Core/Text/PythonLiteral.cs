using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Abaco.Core.Text;

/// <summary>
/// Renders JSON the way Python's <c>str()</c>/<c>repr()</c> renders the parsed value, because existing actor
/// images read <c>MSG</c> with <c>ast.literal_eval</c> (original-abaco.md §3.4): <c>{"a": 1}</c> becomes <c>{'a': 1}</c>.
/// </summary>
public static class PythonLiteral
{
    /// <summary>Python <c>str(value)</c>: a top-level string is returned as is, anything else as <c>repr</c>.</summary>
    public static string Str(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : Repr(value);

    public static string Repr(JsonElement value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, property.Name);
                    sb.Append(": ");
                    Write(sb, property.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem) sb.Append(", ");
                    firstItem = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(sb, value.GetString()!);
                break;
            case JsonValueKind.Number:
                sb.Append(Number(value.GetRawText()));
                break;
            case JsonValueKind.True:
                sb.Append("True");
                break;
            case JsonValueKind.False:
                sb.Append("False");
                break;
            default:
                sb.Append("None");
                break;
        }
    }

    /// <summary>Python's <c>repr</c> of a str: single quotes unless the text holds a quote and no double quote.</summary>
    public static string ReprString(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        WriteString(sb, text);
        return sb.ToString();
    }

    private static void WriteString(StringBuilder sb, string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == quote || c == '\\') sb.Append('\\').Append((char)c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (!IsPrintable(rune))
                sb.Append(c <= 0xff ? $"\\x{c:x2}" : c <= 0xffff ? $"\\u{c:x4}" : $"\\U{c:x8}");
            else sb.Append(rune.ToString());
        }
        sb.Append(quote);
    }

    /// <summary>
    /// Python's <c>str.isprintable</c> per character: everything but the categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs
    /// (the ASCII space excepted); <c>repr</c> escapes the others as <c>\xhh</c>, <c>\uhhhh</c> or <c>\Uhhhhhhhh</c>.
    /// </summary>
    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);

    /// <summary>JSON integers stay integers (Python ints are unbounded); other numbers follow Python's float repr.</summary>
    private static string Number(string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0) return raw == "-0" ? "0" : raw; // Python's int has no -0
        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return FloatRepr(d);
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, scientific when exponent &lt; -4 or ≥ 16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (double.IsNaN(d)) return "nan";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";

        // "E16" gives a fixed number of digits; "R" gives the shortest round-trip digits we need.
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative) r = r[1..];
        string mantissa = r;
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = r[..e];
            exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        }
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        // decimal exponent of the first significant digit
        var pointPos = intPart.Length + exponent - leadingZeros; // digits before the decimal point
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sciExp = pointPos - 1;

        string body;
        if (sciExp < -4 || sciExp >= 16)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body = $"{m}e{(sciExp < 0 ? "-" : "+")}{Math.Abs(sciExp):00}";
        }
        else if (pointPos <= 0)
        {
            body = "0." + new string('0', -pointPos) + digits;
        }
        else if (pointPos >= digits.Length)
        {
            body = digits + new string('0', pointPos - digits.Length) + ".0";
        }
        else
        {
            body = digits[..pointPos] + "." + digits[pointPos..];
        }
        return negative ? "-" + body : body;
    }
}
