using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace Abaco.Containers;

/// <summary>Classifies the exceptions the Docker client throws and extracts the daemon's words from them.</summary>
internal static class DockerErrors
{
    public static bool IsNotFound(Exception e) =>
        e is DockerContainerNotFoundException or DockerImageNotFoundException
        || e is DockerApiException { StatusCode: HttpStatusCode.NotFound };

    /// <summary>The daemon could not be reached or the connection broke.</summary>
    public static bool IsTransport(Exception e) =>
        e is HttpRequestException or IOException or SocketException or TimeoutException;

    /// <summary>Any failure of a Docker call, including its own time bound running out.</summary>
    public static bool IsDockerFailure(Exception e) =>
        e is DockerApiException or OperationCanceledException || IsTransport(e);

    /// <summary>Removal conflicts that go away by themselves (upstream retries on the same words).</summary>
    public static bool IsTransientRemoveFailure(Exception e) =>
        e is DockerApiException api
        && (Contains(api, "device or resource busy")
            || Contains(api, "removal of container")
            || Contains(api, "failed to remove root filesystem"));

    /// <summary>The daemon's message ({"message": "..."}), else the raw body, else the HTTP status.</summary>
    public static string Reason(Exception e)
    {
        if (e is not DockerApiException api)
        {
            return e.Message;
        }
        var body = api.ResponseBody?.Trim() ?? "";
        if (body.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (JsonException)
            {
                // not JSON after all; fall through to the raw body
            }
        }
        return body.Length > 0 ? body : $"{(int)api.StatusCode} {api.StatusCode}";
    }

    private static bool Contains(DockerApiException e, string words) =>
        e.ResponseBody?.Contains(words, StringComparison.OrdinalIgnoreCase) == true;
}
