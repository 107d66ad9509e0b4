using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Core.Settings;

namespace Abaco.Api.Http;

/// <summary>Every JSON answer is <c>{result, status, version, message}</c> (original-abaco.md §1.1); success is always 200.</summary>
public sealed class Envelope(AbacoSettings settings)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Version => settings.General.Tag;

    public IResult Ok(JsonNode? result, string message) => Json(200, result, "success", message);

    public IResult Error(int statusCode, string message) => Json(statusCode, null, "error", message);

    public string ErrorBody(string message) => Body(null, "error", message);

    private IResult Json(int statusCode, JsonNode? result, string status, string message) =>
        Results.Content(Body(result, status, message), "application/json; charset=utf-8", statusCode: statusCode);

    private string Body(JsonNode? result, string status, string message) =>
        new JsonObject
        {
            ["result"] = result,
            ["status"] = status,
            ["version"] = Version,
            ["message"] = message,
        }.ToJsonString(Options);
}
