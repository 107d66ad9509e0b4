using System.Text;
using Abaco.Core.Settings;

namespace Abaco.Core.Text;

/// <summary>
/// The original's <c>web.case</c> switch: field names are snake_case internally and converted with
/// <c>under_to_camel</c> (<c>default_environment</c> → <c>defaultEnvironment</c>) when the case is camel.
/// Names starting with an underscore (<c>_links</c>) are left alone, as in the original.
/// </summary>
public static class FieldCase
{
    public static string ToCamel(string snake)
    {
        if (snake.StartsWith('_') || !snake.Contains('_')) return snake;
        var parts = snake.Split('_');
        var sb = new StringBuilder(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            if (part.Length == 0) continue;
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }
        return sb.ToString();
    }

    public static string ToSnake(string camel)
    {
        var sb = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append('_').Append(char.ToLowerInvariant(c));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The name a client uses for <paramref name="snakeName"/> under the configured case.</summary>
    public static string Name(CaseStyle style, string snakeName) =>
        style == CaseStyle.Camel ? ToCamel(snakeName) : snakeName;
}
