using System.Text;
using Microsoft.AspNetCore.Http;

namespace Abaco.Api.Http;

public static class BodyText
{
    /// <summary>The whole request body as UTF-8 text (bodies are bounded by Kestrel's request size limit).</summary>
    public static async Task<string> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false,
            leaveOpen: true);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
