namespace Abaco.Api.Http;

/// <summary>
/// A request Abaco refuses, with the status and the message clients see (they match on some of them). Thrown
/// anywhere in a route and turned into the error envelope in one place.
/// </summary>
public sealed class ApiError(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiError BadRequest(string message) => new(400, message);
    public static ApiError NotFound(string message) => new(404, message);
}
