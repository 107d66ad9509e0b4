using System.Text;

namespace Abaco.Api.Http;

public static class BodyText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The whole request body as UTF-8 text (bodies are bounded by Kestrel's request size limit). Bytes that are not
    /// UTF-8 are a 400, not silently replaced: a replaced character would store something the client never sent.
    /// </summary>
    public static async Task<string> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: false,
            leaveOpen: true);
        try
        {
            return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            throw ApiError.BadRequest("Invalid request: the body is not valid UTF-8.");
        }
    }
}
