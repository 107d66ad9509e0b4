using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A real node with <c>access_control = jwt</c> serves its OpenAPI document and Swagger UI to anyone, and the
/// document's shapes name exactly the fields the node then answers for an actor, a message and its execution.
/// </summary>
public sealed class OpenApiNodeSpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    [Fact(DisplayName = "OpenAPI on a node: /openapi.json and /docs answer without credentials while /actors refuses")]
    public async Task Served_without_credentials()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.BaseUrl };

        using var document = await http.GetAsync("/openapi.json");
        using var docs = await http.GetAsync("/docs");
        using var actors = await http.GetAsync("/actors");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.True((int)actors.StatusCode is >= 400 and < 500, $"GET /actors without credentials answered {actors.StatusCode}.");
        var schemes = JsonNode.Parse(await document.Content.ReadAsStringAsync())!["components"]!["securitySchemes"]!;
        // The scheme names the node's default tenant; the description tells callers of other tenants the pattern.
        Assert.StartsWith("X-Jwt-Assertion-", schemes["jwt"]!["name"]!.GetValue<string>());
        Assert.Contains("X-Jwt-Assertion-<TENANT>", schemes["jwt"]!["description"]!.GetValue<string>());
    }

    [Fact(DisplayName = "OpenAPI on a node: the Actor, MessageAccepted and Execution shapes name exactly the fields the node answers")]
    public async Task Shapes_match_the_answers()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.BaseUrl };
        var schemas = JsonNode.Parse(await http.GetStringAsync("/openapi.json"))!["components"]!["schemas"]!;
        var owner = fixture.Callers.Owner;

        var registered = await owner.PostJsonAsync("/actors", new { image = "abaco/test-busybox" });
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        var id = registered.Result.GetProperty("id").GetString()!;
        var sent = await owner.PostMessageAsync(id, "documented");
        var execution = await owner.WaitCompleteAsync(id, sent.Result.GetProperty("execution_id").GetString()!);

        Assert.Equal(Documented(schemas, "Actor"), Answered(registered.Result));
        Assert.Equal(Documented(schemas, "MessageAccepted"), Answered(sent.Result));
        Assert.Equal(Documented(schemas, "Execution"), Answered(execution));
        Assert.Equal(["message", "result", "status", "version"], Answered(registered.Envelope));
    }

    private static string[] Documented(JsonNode schemas, string shape) =>
        schemas[shape]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    private static string[] Answered(JsonElement result) =>
        result.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
