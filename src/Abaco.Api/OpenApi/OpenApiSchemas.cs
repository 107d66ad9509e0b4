using System.Text.Json.Nodes;
using Abaco.Core.Settings;
using Abaco.Core.Text;

namespace Abaco.Api.OpenApi;

/// <summary>
/// The JSON schemas of the document: the shapes with their names in the configured case, the envelope, and the
/// field types written in <see cref="ApiField.Type"/>.
/// </summary>
public static class OpenApiSchemas
{
    private static readonly HashSet<string> Primitives = ["string", "integer", "number", "boolean", "object"];

    public static string Ref(string shape) => $"#/components/schemas/{shape}";

    /// <summary>The schema of a field type: a primitive, <c>any</c>, a shape name, each with an optional <c>[]</c>.</summary>
    public static JsonObject Of(string type)
    {
        if (type.EndsWith("[]", StringComparison.Ordinal))
            return new JsonObject { ["type"] = "array", ["items"] = Of(type[..^2]) };
        if (type == "any") return new JsonObject { ["nullable"] = true };
        if (Primitives.Contains(type)) return new JsonObject { ["type"] = type };
        return new JsonObject { ["$ref"] = Ref(type) };
    }

    /// <summary>A shape as an object schema; its top-level names follow <paramref name="style"/> when it is cased.</summary>
    public static JsonObject Shape(ApiShape shape, CaseStyle style)
    {
        var schema = new JsonObject { ["type"] = "object", ["description"] = shape.Description };
        if (shape.Fields.Count == 0)
        {
            schema["additionalProperties"] = new JsonObject { ["type"] = "string" };
            return schema;
        }
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in shape.Fields)
        {
            var name = shape.Cased ? FieldCase.Name(style, field.Name) : field.Name;
            var property = Of(field.Type);
            property["description"] = field.Description;
            properties[name] = property;
            if (field.Required) required.Add(name);
        }
        schema["properties"] = properties;
        if (required.Count > 0) schema["required"] = required;
        return schema;
    }

    /// <summary>Every answer's wrapper, with <paramref name="result"/> as its result (null: always null).</summary>
    public static JsonObject Envelope(JsonObject? result) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("result", "status", "message", "version"),
        ["properties"] = new JsonObject
        {
            ["result"] = result ?? new JsonObject { ["nullable"] = true, ["description"] = "Null." },
            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("success", "error") },
            ["message"] = new JsonObject { ["type"] = "string", ["description"] = "What happened, for people." },
            ["version"] = new JsonObject { ["type"] = "string", ["description"] = "The server's version tag." },
        },
    };

    /// <summary>The component schemas: every shape, and the error envelope.</summary>
    public static JsonObject Components(IEnumerable<ApiShape> shapes, CaseStyle style)
    {
        var schemas = new JsonObject();
        foreach (var shape in shapes) schemas[shape.Name] = Shape(shape, style);
        var error = Envelope(null);
        error["description"] = "A refusal or failure: status is \"error\" and message says why; result is null.";
        schemas["ErrorEnvelope"] = error;
        return schemas;
    }
}
