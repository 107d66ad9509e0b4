using Abaco.Core.Settings;
using Microsoft.Extensions.Logging;

namespace Abaco.Api.Http;

/// <summary>
/// Every failure answers with the error envelope (original-abaco.md §1.1): refusals with their own status and message,
/// anything unexpected with a 500 naming the exception, never an HTML page or a stack trace unless
/// <c>web.show_traceback</c> is on.
/// </summary>
public sealed class ErrorEnvelopeMiddleware(RequestDelegate next, Envelope envelope, AbacoSettings settings,
    ILogger<ErrorEnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (ApiError e)
        {
            await WriteAsync(http, e.StatusCode, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(http, e.StatusCode, $"Invalid request: {e.Message}");
        }
        catch (Exception e) when (MalformedInput.Describe(e) is { } problem)
        {
            // Input the framework could not read (bad JSON, form or encoding) is the client's error, not ours.
            await WriteAsync(http, 400, problem);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            var message = $"Unrecognized exception type: {e.GetType().Name}. Exception: {e.Message}";
            if (settings.Web.ShowTraceback) message += $"\n{e}";
            await WriteAsync(http, 500, message);
        }
    }

    private async Task WriteAsync(HttpContext http, int statusCode, string message)
    {
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(envelope.ErrorBody(message));
    }
}
