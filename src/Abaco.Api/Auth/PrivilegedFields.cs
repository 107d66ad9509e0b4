using System.Globalization;
using System.Text.Json;
using Abaco.Api.Http;

namespace Abaco.Api.Auth;

/// <summary>
/// The request fields <c>check_privileged</c> looks at, from wherever the routes' request parser reads fields: the
/// JSON body (whatever the content type, as our parser reads it), form fields, and the query string (the original
/// checked only the body, although its parser also took the query string — a hole we close). Both spellings
/// (<c>max_workers</c>, <c>maxWorkers</c>) are looked at whatever <c>web.case</c> says, as the original did.
/// </summary>
public sealed class PrivilegedFields
{
    public static readonly PrivilegedFields None = new([], []);

    private readonly List<KeyValuePair<string, JsonElement>> _json;
    private readonly List<KeyValuePair<string, string>> _text;

    private PrivilegedFields(List<KeyValuePair<string, JsonElement>> json, List<KeyValuePair<string, string>> text)
    {
        _json = json;
        _text = text;
    }

    /// <param name="json">The body when it is a JSON object (anything else carries no fields).</param>
    /// <param name="text">Form fields and query parameters, by exact name.</param>
    public static PrivilegedFields From(JsonElement? json, IEnumerable<KeyValuePair<string, string>> text)
    {
        // Every occurrence is kept: a body naming a field twice is "set" when any of them is, whichever one the
        // request parser would read.
        var fields = new List<KeyValuePair<string, JsonElement>>();
        if (json is { ValueKind: JsonValueKind.Object } obj)
            foreach (var property in obj.EnumerateObject())
                fields.Add(new(property.Name, property.Value.Clone()));
        return new PrivilegedFields(fields, text.ToList());
    }

    /// <summary>
    /// Reads the body without consuming it: buffering is enabled and the stream rewound, so the route reads the
    /// same bytes again (a form is also cached by ASP.NET). A body that is not JSON carries no fields here; the
    /// route will refuse it with its own message.
    /// </summary>
    public static async Task<PrivilegedFields> ReadAsync(HttpRequest request)
    {
        var text = new List<KeyValuePair<string, string>>(ExactQuery.Parse(request.QueryString));
        JsonElement? json = null;
        request.EnableBuffering();
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                text.AddRange(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.ToString())));
            }
            else
            {
                var body = await BodyText.ReadAsync(request);
                if (!string.IsNullOrWhiteSpace(body))
                {
                    try
                    {
                        using var doc = JsonDocument.Parse(body);
                        json = doc.RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        // Not JSON: no fields.
                    }
                }
            }
        }
        finally
        {
            request.Body.Position = 0;
        }
        return From(json, text);
    }

    /// <summary>
    /// Python truthiness of the field under any of <paramref name="names"/>, as <c>data.get(name)</c> was tested:
    /// null, false, 0, "" and empty lists/objects are not set. What is not set here must parse to the operator's
    /// default or be refused by the parser (an empty <c>mem_limit</c> is the default, not "unlimited"). Text (form, query, JSON strings) is set when
    /// non-empty, except that for the boolean fields it reads like the parser's <c>inputs.boolean</c> (so
    /// <c>privileged=false</c> in a form is not a request for a privileged actor) and for the numeric ones a
    /// number 0 is not set.
    /// </summary>
    public bool IsSet(PrivilegedFieldKind kind, params string[] names)
    {
        foreach (var name in names)
        {
            foreach (var (key, value) in _json)
                if (key == name && IsTruthy(value, kind)) return true;
            foreach (var (key, text) in _text)
                if (key == name && IsTruthy(text, kind)) return true;
        }
        return false;
    }

    private static bool IsTruthy(JsonElement value, PrivilegedFieldKind kind) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        // A number in a text field (mem_limit: 0, queue: 0) is set: the parser would read it as the text "0".
        JsonValueKind.Number => kind == PrivilegedFieldKind.Text || value.GetDouble() != 0,
        JsonValueKind.String => IsTruthy(value.GetString()!, kind),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => false,
    };

    private static bool IsTruthy(string text, PrivilegedFieldKind kind)
    {
        if (text.Length == 0) return false;
        var trimmed = text.Trim();
        return kind switch
        {
            PrivilegedFieldKind.Boolean => !(trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed == "0"),
            PrivilegedFieldKind.Number =>
                !double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != 0,
            _ => true,
        };
    }
}

/// <summary>How a privileged field's text is read: the parser takes it as a boolean, a number, or text.</summary>
public enum PrivilegedFieldKind { Boolean, Number, Text }
