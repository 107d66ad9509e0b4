using System.Text;
using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Api.Tests;

/// <summary>Every JSON answer is <c>{result, status, version, message}</c> (original-abaco.md §1.1).</summary>
public sealed class EnvelopeSpecs
{
    private static readonly AbacoSettings Tagged = AbacoSettings.Defaults with { General = new GeneralSettings("1.9.0-test") };

    private static async Task<(int Status, string? ContentType, string Body)> ExecuteAsync(IResult result)
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        http.Response.Body = new MemoryStream();
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        using var reader = new StreamReader(http.Response.Body, Encoding.UTF8);
        return (http.Response.StatusCode, http.Response.ContentType, await reader.ReadToEndAsync());
    }

    [Fact(DisplayName = "A success is HTTP 200 with result, status success, the configured tag as version, and the message")]
    public async Task Ok()
    {
        var (status, contentType, body) = await ExecuteAsync(
            new Envelope(Tagged).Ok(new JsonObject { ["id"] = "A1", ["n"] = 2 }, "Actor retrieved successfully."));

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", contentType);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["message", "result", "status", "version"], json.Select(p => p.Key).Order());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id": "A1", "n": 2}"""), json["result"]));
        Assert.Equal("success", (string?)json["status"]);
        Assert.Equal("1.9.0-test", (string?)json["version"]);
        Assert.Equal("Actor retrieved successfully.", (string?)json["message"]);
    }

    [Fact(DisplayName = "A null result is written as null, not left out")]
    public async Task NullResult()
    {
        var (_, _, body) = await ExecuteAsync(new Envelope(Tagged).Ok(null, "Actor deleted successfully."));
        var json = JsonNode.Parse(body)!.AsObject();

        Assert.True(json.ContainsKey("result"));
        Assert.Null(json["result"]);
    }

    [Theory(DisplayName = "An error has the given status, result null and status error")]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Error(int code)
    {
        var (status, contentType, body) = await ExecuteAsync(new Envelope(Tagged).Error(code, "Invalid queue name."));

        Assert.Equal(code, status);
        Assert.StartsWith("application/json", contentType);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"result": null, "status": "error", "version": "1.9.0-test", "message": "Invalid queue name."}"""),
            JsonNode.Parse(body)));
    }

    [Fact(DisplayName = "ErrorBody is the error envelope as text; non-ASCII and quotes stay readable")]
    public void ErrorBody()
    {
        var body = new Envelope(Tagged).ErrorBody("Actor with identifier 'é<x>' not found");

        Assert.Contains("'é<x>'", body);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"result": null, "status": "error", "version": "1.9.0-test", "message": "Actor with identifier 'é<x>' not found"}"""),
            JsonNode.Parse(body)));
    }

    [Fact(DisplayName = "The version is general.tag, 1.0.0 by default")]
    public void Version()
    {
        Assert.Equal("1.0.0", new Envelope(AbacoSettings.Defaults).Version);
        Assert.Equal("1.9.0-test", new Envelope(Tagged).Version);
    }
}
