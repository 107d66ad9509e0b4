using System.Text;
using System.Text.Json;
using Abaco.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests;

/// <summary>Input that cannot be read is a 400 naming the problem, never a 500 nor a silently altered value.</summary>
public sealed class MalformedInputSpecs
{
    [Fact(DisplayName = "A JSON key given twice is refused (the privilege check and the route must read the same value)")]
    public async Task Duplicate_keys()
    {
        var e = await Assert.ThrowsAsync<ApiError>(() => FieldsAsync(Json("""{"image": "a", "max_workers": 1, "max_workers": 50}""")));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("max_workers", e.Message);
    }

    [Fact(DisplayName = "A dict given as JSON text with a key twice is refused")]
    public async Task Duplicate_keys_in_text()
    {
        var fields = await FieldsAsync(Query("?default_environment=%7B%22a%22%3A1%2C%22a%22%3A2%7D"));

        var e = Assert.Throws<ApiError>(() => fields.Object("default_environment"));
        Assert.Contains("default_environment", e.Message);
    }

    [Fact(DisplayName = "JSON nested deeper than the reader allows is a 400")]
    public async Task Deep_nesting()
    {
        var body = "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var e = await Assert.ThrowsAsync<ApiError>(() => FieldsAsync(Json(body)));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact(DisplayName = "A body that is not UTF-8 is a 400, not replaced characters")]
    public async Task Not_utf8()
    {
        var http = new DefaultHttpContext();
        var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentType = "application/json";

        var e = await Assert.ThrowsAsync<ApiError>(() => BodyText.ReadAsync(http.Request));
        Assert.Equal((400, "Invalid request: the body is not valid UTF-8."), (e.StatusCode, e.Message));
    }

    [Theory(DisplayName = "Framework exceptions about unreadable input answer 400 with the envelope")]
    [InlineData(typeof(JsonException), "not valid JSON")]
    [InlineData(typeof(FormatException), "expected format")]
    [InlineData(typeof(InvalidDataException), "could not be read")]
    [InlineData(typeof(DecoderFallbackException), "not valid UTF-8")]
    public async Task Framework_exceptions(Type type, string text)
    {
        var exception = (Exception)Activator.CreateInstance(type, "boom")!;
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var middleware = new ErrorEnvelopeMiddleware(_ => throw exception, new Envelope(Settings()), Settings(),
            NullLogger<ErrorEnvelopeMiddleware>.Instance);

        await middleware.InvokeAsync(http);

        Assert.Equal(400, http.Response.StatusCode);
        var body = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("error", doc.RootElement.GetProperty("status").GetString());
        Assert.Contains(text, doc.RootElement.GetProperty("message").GetString());
    }

    [Fact(DisplayName = "Anything else unexpected is still a 500")]
    public async Task Other_exceptions()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var middleware = new ErrorEnvelopeMiddleware(_ => throw new InvalidOperationException("bug"),
            new Envelope(Settings()), Settings(), NullLogger<ErrorEnvelopeMiddleware>.Instance);

        await middleware.InvokeAsync(http);

        Assert.Equal(500, http.Response.StatusCode);
    }
}
