using System.Net;
using System.Text.Json.Nodes;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Tests.OpenApi;

/// <summary>
/// GET /openapi.json describes exactly the routes the node maps (both ways), with the envelope, bodies and
/// security, in the configured case; GET /docs is Swagger UI served by the node itself, without credentials.
/// </summary>
public sealed class OpenApiDocumentSpecs
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    [Fact(DisplayName = "OpenAPI: every route the node maps is in the document, and every documented operation is mapped")]
    public async Task Document_and_routes_agree()
    {
        await using var app = await DocsApp.StartAsync(CaseStyle.Snake, AccessControl.None);
        var document = await app.DocumentAsync();

        var mapped = app.Endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order < int.MaxValue)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Methods.Contains(op.Key))
                .Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();

        Assert.True(mapped.Count > 50, $"Only {mapped.Count} routes were found.");
        Assert.Empty(mapped.Except(documented).Order());
        Assert.Empty(documented.Except(mapped).Order());
    }

    [Fact(DisplayName = "OpenAPI: the document is OpenAPI 3 JSON whose references all resolve and whose answers are enveloped")]
    public async Task Document_is_well_formed()
    {
        await using var app = await DocsApp.StartAsync(CaseStyle.Snake, AccessControl.None);
        var document = await app.DocumentAsync();

        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        Assert.Equal("Abaco", document["info"]!["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(document["info"]!["version"]!.GetValue<string>()));
        var schemas = document["components"]!["schemas"]!.AsObject();
        var responses = document["components"]!["responses"]!.AsObject();
        var unresolved = References(document)
            .Where(r => !(r.StartsWith("#/components/schemas/") && schemas.ContainsKey(r.Split('/')[^1])) &&
                        !(r.StartsWith("#/components/responses/") && responses.ContainsKey(r.Split('/')[^1])))
            .Distinct().ToList();
        Assert.Empty(unresolved);

        var get = Operation(document, "/actors/{actorId}", "get");
        var envelope = get["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal(["result", "status", "message", "version"],
            envelope["properties"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("#/components/schemas/Actor", envelope["properties"]!["result"]!["$ref"]!.GetValue<string>());
        Assert.Equal("actorId", get["parameters"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("path", get["parameters"]![0]!["in"]!.GetValue<string>());
    }

    [Fact(DisplayName = "OpenAPI: bodies are described as JSON and form fields, a message also as binary, lists with search and paging")]
    public async Task Bodies_and_queries_are_described()
    {
        await using var app = await DocsApp.StartAsync(CaseStyle.Snake, AccessControl.None);
        var document = await app.DocumentAsync();

        var register = Operation(document, "/actors", "post")["requestBody"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "application/x-www-form-urlencoded"], register.Select(c => c.Key).ToArray());
        var description = document["components"]!["schemas"]!["ActorDescription"]!;
        Assert.Equal(["image"], description["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());

        var send = Operation(document, "/actors/{actorId}/messages", "post");
        Assert.Contains("application/octet-stream", send["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Contains("_abaco_synchronous", QueryNames(send));

        var list = Operation(document, "/actors", "get");
        Assert.Superset(new HashSet<string> { "search", "exactsearch", "skip", "limit" }, QueryNames(list).ToHashSet());
        var results = Operation(document, "/actors/{actorId}/executions/{executionId}/results", "get");
        Assert.True(results["responses"]!["200"]!["content"]!.AsObject().ContainsKey("application/octet-stream"));
    }

    [Fact(DisplayName = "OpenAPI: with web.case = camel the field names are camelCase, and the snake-only admin views stay snake")]
    public async Task Names_follow_the_configured_case()
    {
        await using var snakeApp = await DocsApp.StartAsync(CaseStyle.Snake, AccessControl.None);
        await using var camelApp = await DocsApp.StartAsync(CaseStyle.Camel, AccessControl.None);
        var snake = (await snakeApp.DocumentAsync())["components"]!["schemas"]!;
        var camel = (await camelApp.DocumentAsync())["components"]!["schemas"]!;

        Assert.Contains("default_environment", Properties(snake, "ActorDescription"));
        Assert.DoesNotContain("defaultEnvironment", Properties(snake, "ActorDescription"));
        Assert.Contains("defaultEnvironment", Properties(camel, "ActorDescription"));
        Assert.Contains("maxWorkers", Properties(camel, "Actor"));
        Assert.DoesNotContain("max_workers", Properties(camel, "Actor"));
        Assert.Contains("executionId", Properties(camel, "MessageAccepted"));
        Assert.Contains("_links", Properties(camel, "MessageAccepted"));
        Assert.Contains("isSecret", Properties(camel, "ConfigRequest"));
        Assert.Contains("total_workers", camel["AdminWorkers"]!["properties"]!["summary"]!["description"]!.GetValue<string>());
        Assert.Contains("actor_dbid", Properties(camel, "CronRun"));
    }

    [Fact(DisplayName = "OpenAPI: with access control the JWT header, bearer token and x-nonce are the security schemes, the docs are public")]
    public async Task Security_is_described_and_docs_are_public()
    {
        await using var app = await DocsApp.StartAsync(CaseStyle.Snake, AccessControl.Jwt);
        var document = await app.DocumentAsync(); // no credentials: the document is public

        var schemes = document["components"]!["securitySchemes"]!;
        Assert.StartsWith("X-Jwt-Assertion-", schemes["jwt"]!["name"]!.GetValue<string>());
        Assert.Equal("header", schemes["jwt"]!["in"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("x-nonce", schemes["nonce"]!["name"]!.GetValue<string>());
        Assert.Equal("query", schemes["nonce"]!["in"]!.GetValue<string>());
        Assert.Contains(Operation(document, "/actors", "get")["security"]!.AsArray(), r => r!.AsObject().ContainsKey("jwt"));
        Assert.Empty(Operation(document, "/healthz/live", "get")["security"]!.AsArray());
        Assert.Empty(Operation(document, "/openapi.json", "get")["security"]!.AsArray());

        using var guarded = await app.Client.GetAsync("/actors");
        Assert.True((int)guarded.StatusCode is >= 400 and < 500, $"GET /actors without credentials answered {guarded.StatusCode}.");
    }

    [Fact(DisplayName = "OpenAPI: /docs is an HTML page of Swagger UI whose files the node serves itself, without credentials")]
    public async Task Docs_page_is_served()
    {
        await using var app = await DocsApp.StartAsync(CaseStyle.Snake, AccessControl.Jwt);

        using var page = await app.Client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("SwaggerUIBundle", html);
        Assert.Contains("\"/openapi.json\"", html);
        Assert.DoesNotContain("https://", html);

        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"(/docs/[^\"]+)\"")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, assets.Count);
        foreach (var asset in assets)
        {
            using var file = await app.Client.GetAsync(asset);
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.True(file.StatusCode == HttpStatusCode.OK && bytes.Length > 100, $"GET {asset}: {file.StatusCode}, {bytes.Length} bytes");
        }
        using var bundle = await app.Client.GetAsync("/docs/swagger-ui-bundle.js");
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.Contains("SwaggerUIBundle", await bundle.Content.ReadAsStringAsync());

        using var other = await app.Client.GetAsync("/docs/index.js");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static JsonNode Operation(JsonObject document, string path, string method) =>
        document["paths"]![path]?[method] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not documented.");

    private static IEnumerable<string> QueryNames(JsonNode operation) =>
        operation["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query")
            .Select(p => p!["name"]!.GetValue<string>());

    private static List<string> Properties(JsonNode schemas, string shape) =>
        schemas[shape]!["properties"]!.AsObject().Select(p => p.Key).ToList();

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
