using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Abaco.Core.Settings;

namespace Abaco.Api.OpenApi;

/// <summary>
/// Renders <see cref="ApiCatalog"/> as an OpenAPI 3.0 document for this node's settings: field names in
/// <c>web.case</c>, the JWT header named for the configured tenant, and security required only with
/// <c>access_control = jwt</c>.
/// </summary>
public sealed partial class OpenApiDocument(AbacoSettings settings)
{
    private const string ErrorResponse = "#/components/responses/Error";

    private static readonly Dictionary<string, string> PathParameters = new(StringComparer.Ordinal)
    {
        ["actorId"] = "The actor's id or one of its aliases.",
        ["alias"] = "The alias.",
        ["name"] = "The config's name.",
        ["executionId"] = "The execution's id.",
        ["workerId"] = "The worker's id.",
        ["nonceId"] = "The nonce's id.",
        ["type"] = "What to search: actors, workers, executions or logs.",
    };

    private readonly Lazy<string> _json = new(() => Render(settings, ApiCatalog.Operations, ApiCatalog.Shapes)
        .ToJsonString());

    /// <summary>The document as JSON text (rendered once: it depends only on the settings).</summary>
    public string Json => _json.Value;

    public static JsonObject Render(AbacoSettings settings, IEnumerable<ApiOperation> operations,
        IEnumerable<ApiShape> shapes)
    {
        var style = settings.Web.Case;
        var paths = new JsonObject();
        foreach (var operation in operations)
        {
            if (paths[operation.Template] is not JsonObject item)
            {
                item = new JsonObject();
                paths[operation.Template] = item;
            }
            item[operation.Method.ToLowerInvariant()] = Operation(operation, settings);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Abaco",
                ["version"] = settings.General.Tag,
                ["description"] = "Functions as a service: actors run a Docker image once per message. Every JSON " +
                                  $"answer is the envelope {{result, status, message, version}}; names are in {style} case.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = OpenApiSchemas.Components(shapes, style),
                ["responses"] = new JsonObject
                {
                    ["Error"] = new JsonObject
                    {
                        ["description"] = "Refused (400, 401, 403, 404, 405) or failed (5xx).",
                        ["content"] = JsonContent(new JsonObject { ["$ref"] = OpenApiSchemas.Ref("ErrorEnvelope") }),
                    },
                },
                ["securitySchemes"] = OpenApiSecurity.Schemes(settings),
            },
        };
    }

    private static JsonObject Operation(ApiOperation operation, AbacoSettings settings)
    {
        var node = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Tag),
            ["summary"] = operation.Summary,
            ["operationId"] = OperationId(operation),
        };
        if (operation.Description is { } description) node["description"] = description;
        var parameters = Parameters(operation);
        if (parameters.Count > 0) node["parameters"] = parameters;
        if (operation.Body is { } body) node["requestBody"] = RequestBody(body);
        node["responses"] = new JsonObject
        {
            ["200"] = Success(operation.Result),
            ["default"] = new JsonObject { ["$ref"] = ErrorResponse },
        };
        node["security"] = operation.Public ? new JsonArray() : OpenApiSecurity.Requirements(settings);
        return node;
    }

    private static JsonArray Parameters(ApiOperation operation)
    {
        var parameters = new JsonArray();
        foreach (Match match in PathParameter().Matches(operation.Template))
        {
            var name = match.Groups[1].Value;
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = PathParameters.GetValueOrDefault(name, name),
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }
        foreach (var field in operation.Query ?? [])
        {
            parameters.Add(new JsonObject
            {
                ["name"] = field.Name,
                ["in"] = "query",
                ["required"] = field.Required,
                ["description"] = field.Description,
                ["schema"] = OpenApiSchemas.Of(field.Type),
            });
        }
        return parameters;
    }

    private static JsonObject RequestBody(ApiBody body)
    {
        var content = new JsonObject();
        var schema = body.Shape is { } shape
            ? new JsonObject { ["$ref"] = OpenApiSchemas.Ref(shape) }
            : new JsonObject { ["description"] = "Any JSON document." };
        content["application/json"] = new JsonObject { ["schema"] = schema };
        if (body.Form)
        {
            var form = body.Shape is null
                ? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["message"] = new JsonObject { ["type"] = "string" } } }
                : schema.DeepClone();
            content["application/x-www-form-urlencoded"] = new JsonObject { ["schema"] = form };
        }
        if (body.Binary)
            content["application/octet-stream"] = new JsonObject
            {
                ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" },
            };
        return new JsonObject { ["description"] = body.Description, ["required"] = body.Required, ["content"] = content };
    }

    private static JsonObject Success(ApiResult result)
    {
        if (result.ContentType is { } type)
        {
            var schema = type == "application/json"
                ? new JsonObject { ["type"] = "object" }
                : new JsonObject { ["type"] = "string", ["format"] = type.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" };
            if (schema["format"] is null) schema.Remove("format");
            return new JsonObject
            {
                ["description"] = result.Description,
                ["content"] = new JsonObject { [type] = new JsonObject { ["schema"] = schema } },
            };
        }
        var resultSchema = result.Shape is { } shape ? OpenApiSchemas.Of(shape) : null;
        return new JsonObject
        {
            ["description"] = result.Description,
            ["content"] = JsonContent(OpenApiSchemas.Envelope(resultSchema)),
        };
    }

    private static JsonObject JsonContent(JsonObject schema) =>
        new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    /// <summary>E.g. <c>get_actors_actorId_messages</c>: unique per method and template.</summary>
    private static string OperationId(ApiOperation operation) =>
        operation.Method.ToLowerInvariant() + "_" +
        string.Join("_", operation.Template.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim('{', '}').Replace('.', '_')));

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();
}
