
namespace Abaco.Api.Http;

/// <summary>
/// Query parameters with their names exactly as sent. ASP.NET's collections ignore case, but container environment
/// variables do not (<c>?a=1&amp;A=2</c> is two variables), and the original matched field names exactly.
/// </summary>
public static class ExactQuery
{
    /// <summary>Every parameter in order; a repeated name keeps its last value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(QueryString query)
    {
        var result = new List<KeyValuePair<string, string>>();
        var text = query.Value;
        if (string.IsNullOrEmpty(text)) return result;
        foreach (var pair in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=');
            var name = Decode(cut < 0 ? pair : pair[..cut]);
            var value = cut < 0 ? "" : Decode(pair[(cut + 1)..]);
            result.RemoveAll(p => p.Key == name);
            result.Add(new(name, value));
        }
        return result;
    }

    public static bool TryGet(QueryString query, string name, out string value)
    {
        foreach (var (key, v) in Parse(query))
        {
            if (key != name) continue;
            value = v;
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>A form field by its exact name.</summary>
    public static bool TryGetForm(IFormCollection form, string name, out string value)
    {
        foreach (var (key, v) in form)
        {
            if (key != name) continue;
            value = v.ToString();
            return true;
        }
        value = "";
        return false;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
