using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Core.Settings;
using Abaco.Core.Text;

namespace Abaco.Api.Parsing;

/// <summary>
/// The fields of a request, read as the original's request parser reads them: from the JSON body and from form
/// fields and the query string, under the configured case (a field in the other case is simply absent). Every
/// getter names the field in its 400 message.
/// </summary>
public sealed class RequestFields
{
    private readonly JsonObject? _json;
    private readonly IFormCollection? _form;
    private readonly QueryString _query;
    private readonly CaseStyle _case;
    private readonly string _what;

    private RequestFields(JsonObject? json, IFormCollection? form, QueryString query, CaseStyle style, string what)
    {
        _json = json;
        _form = form;
        _query = query;
        _case = style;
        _what = what;
    }

    /// <param name="what">How 400 messages name the thing being described, e.g. "actor description".</param>
    public static async Task<RequestFields> ReadAsync(HttpRequest request, CaseStyle style, string what)
    {
        JsonObject? json = null;
        IFormCollection? form = null;
        if (request.HasFormContentType)
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        else
        {
            var body = await BodyText.ReadAsync(request);
            if (!string.IsNullOrWhiteSpace(body))
            {
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(body, documentOptions: StrictJson.Document);
                }
                catch (JsonException e)
                {
                    throw ApiError.BadRequest($"Invalid {what}: the body is not valid JSON ({e.Message}).");
                }
                json = node as JsonObject
                       ?? throw ApiError.BadRequest($"Invalid {what}: the body must be a JSON object.");
            }
        }
        return new RequestFields(json, form, request.QueryString, style, what);
    }

    /// <summary>The name the client must use for <paramref name="snake"/>.</summary>
    public string Name(string snake) => FieldCase.Name(_case, snake);

    public bool Has(string snake) => Raw(snake) is not null;

    /// <summary>The field's value: JSON as sent, form and query values as JSON strings; null when absent or null.</summary>
    public JsonNode? Raw(string snake)
    {
        var name = Name(snake);
        if (_json is not null && _json.TryGetPropertyValue(name, out var node) && node is not null) return node;
        if (_form is not null && ExactQuery.TryGetForm(_form, name, out var formValue)) return JsonValue.Create(formValue);
        if (ExactQuery.TryGet(_query, name, out var queryValue)) return JsonValue.Create(queryValue);
        return null;
    }

    private ApiError Invalid(string snake, string expectation) =>
        ApiError.BadRequest($"Invalid {_what}: {Name(snake)} {expectation}.");

    public string? String(string snake)
    {
        var node = Raw(snake);
        if (node is null) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String) return value.GetValue<string>();
        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number) return number.ToJsonString();
        throw Invalid(snake, "must be a string");
    }

    public string RequiredString(string snake)
    {
        var value = String(snake);
        if (string.IsNullOrWhiteSpace(value)) throw Invalid(snake, "is required");
        return value.Trim();
    }

    /// <summary>JSON booleans, or <c>true/false/1/0</c> in any case (flask-restful's <c>inputs.boolean</c>).</summary>
    public bool? Bool(string snake)
    {
        var node = Raw(snake);
        if (node is null) return null;
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.Number when v.ToJsonString() is "0" or "1": return v.ToJsonString() == "1";
                case JsonValueKind.String:
                    switch (v.GetValue<string>().Trim().ToLowerInvariant())
                    {
                        case "true" or "1": return true;
                        case "false" or "0": return false;
                    }
                    break;
            }
        }
        throw Invalid(snake, "must be a boolean (true or false)");
    }

    public long? Long(string snake)
    {
        var node = Raw(snake);
        if (node is null) return null;
        if (node is JsonValue v)
        {
            var text = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : v.ToJsonString();
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                return number;
        }
        throw Invalid(snake, "must be an integer");
    }

    public int? Int(string snake)
    {
        var value = Long(snake);
        if (value is null) return null;
        if (value is < int.MinValue or > int.MaxValue) throw Invalid(snake, "is out of range");
        return (int)value;
    }

    public ImmutableDictionary<string, JsonElement>? Object(string snake)
    {
        var node = Raw(snake);
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            // Form fields and query strings can only carry a dict as JSON text.
            try
            {
                node = JsonNode.Parse(v.GetValue<string>(), documentOptions: StrictJson.Document);
            }
            catch (JsonException)
            {
                throw Invalid(snake, "must be a JSON object (dict)");
            }
        }
        if (node is not JsonObject obj) throw Invalid(snake, "must be a JSON object (dict)");
        return obj.ToImmutableDictionary(p => p.Key, p => ToElement(p.Value));
    }

    public ImmutableArray<string>? StringList(string snake)
    {
        var node = Raw(snake);
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray();
        }
        if (node is not JsonArray array) throw Invalid(snake, "must be a list of strings");
        var items = ImmutableArray.CreateBuilder<string>();
        foreach (var item in array)
        {
            if (item is JsonValue iv && iv.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
                items.Add(iv.GetValueKind() == JsonValueKind.String ? iv.GetValue<string>() : iv.ToJsonString());
            else
                throw Invalid(snake, "must be a list of strings");
        }
        return items.ToImmutable();
    }

    public static JsonElement ToElement(JsonNode? node)
    {
        using var doc = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return doc.RootElement.Clone();
    }
}
