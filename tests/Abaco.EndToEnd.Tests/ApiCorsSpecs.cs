using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.1 "CORS" and "Errors": browsers may call from any origin; wrong methods and URLs answer JSON.</summary>
public sealed class ApiCorsSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private const string Origin = "https://portal.example.org";

    private readonly AbacoClient _client = fixture.Client();

    private static void AssertErrorEnvelope(RawAnswer answer, HttpStatusCode status, string message)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        var envelope = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal("error", envelope.GetProperty("status").GetString());
        Assert.Equal(message, envelope.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, envelope.GetProperty("result").ValueKind);
        Assert.False(string.IsNullOrEmpty(envelope.GetProperty("version").GetString()));
    }

    [Fact(DisplayName = "A preflight OPTIONS answers 200 with the allow headers, on any Abaco path")]
    public async Task Preflight()
    {
        foreach (var path in new[] { "/actors", "/actors/some-actor/messages", "/actors/search/executions" })
        {
            var request = new HttpRequestMessage(HttpMethod.Options, path);
            request.Headers.Add("Origin", Origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type, x-jwt-assertion-dev");

            var answer = await fixture.RawAsync(request);

            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(Origin, answer.Header("Access-Control-Allow-Origin"));
            var methods = answer.Header("Access-Control-Allow-Methods");
            foreach (var method in new[] { "GET", "POST", "PUT", "DELETE" }) Assert.Contains(method, methods);
            Assert.Contains("x-jwt-assertion-dev", answer.Header("Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact(DisplayName = "Answers echo the caller's Origin (or allow any), errors included")]
    public async Task Origin_is_echoed()
    {
        var withOrigin = new HttpRequestMessage(HttpMethod.Get, "/actors");
        withOrigin.Headers.Add("Origin", Origin);
        var answer = await fixture.RawAsync(withOrigin);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(Origin, answer.Header("Access-Control-Allow-Origin"));
        Assert.Contains("Origin", answer.Header("Vary"));

        var anyOrigin = await fixture.RawGetAsync("/actors");
        Assert.Equal("*", anyOrigin.Header("Access-Control-Allow-Origin"));

        var missing = new HttpRequestMessage(HttpMethod.Get, "/nowhere");
        missing.Headers.Add("Origin", Origin);
        var notFound = await fixture.RawAsync(missing);
        AssertErrorEnvelope(notFound, HttpStatusCode.NotFound, "Invalid request: the requested URL is not an Abaco endpoint.");
        Assert.Equal(Origin, notFound.Header("Access-Control-Allow-Origin"));
    }

    [Fact(DisplayName = "A method the resource does not have answers 405 in the error envelope")]
    public async Task Wrong_methods()
    {
        foreach (var method in new[] { HttpMethod.Patch, HttpMethod.Put, HttpMethod.Delete })
        {
            var answer = await fixture.RawAsync(new HttpRequestMessage(method, "/actors"));
            AssertErrorEnvelope(answer, HttpStatusCode.MethodNotAllowed, "Invalid HTTP method on requested resource.");
        }
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var patchActor = await fixture.RawAsync(new HttpRequestMessage(HttpMethod.Patch, $"/actors/{id}"));
        AssertErrorEnvelope(patchActor, HttpStatusCode.MethodNotAllowed, "Invalid HTTP method on requested resource.");
        var putMessages = await fixture.RawAsync(new HttpRequestMessage(HttpMethod.Put, $"/actors/{id}/messages"));
        AssertErrorEnvelope(putMessages, HttpStatusCode.MethodNotAllowed, "Invalid HTTP method on requested resource.");
    }
}
