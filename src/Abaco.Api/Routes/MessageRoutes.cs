using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Views;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using Abaco.Protocol;
using Abaco.Stores;
using Abaco.Stores.Bodies;
using Microsoft.AspNetCore.Http.Features;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Sending messages, counting and purging the queue (original-abaco.md §1.4 #14-#16, §3.8).</summary>
public static class MessageRoutes
{
    public static void MapMessageRoutes(this IEndpointRouteBuilder routes)
    {
        var actorPaths = routes.MapActorGroup();
        actorPaths.MapGet("/messages", CountAsync);
        actorPaths.MapDelete("/messages", PurgeAsync);
        actorPaths.MapPost("/messages", SendAsync);
    }

    private static async Task<IResult> CountAsync(RouteActor actor, ActorsGateway gateway, MessageViews views,
        Envelope envelope, CancellationToken ct)
    {
        var count = await gateway.AskAsync<MessageCount>(new GetMessageCount(actor.Key), ct);
        return envelope.Ok(views.MessageCount(actor.Record, count.Count), "The request was successful");
    }

    private static async Task<IResult> PurgeAsync(RouteActor actor, ActorsGateway gateway, MessageViews views,
        Envelope envelope, CancellationToken ct)
    {
        var result = await gateway.CommandAsync(new PurgeMessages(actor.Key), ct);
        return envelope.Ok(views.Purged(actor.Record), "Actor mailbox purged.");
    }

    /// <summary>
    /// Queues a message (its query parameters become the execution's environment) and answers its execution id,
    /// or, with <c>_abaco_synchronous=true</c>, waits for the execution's result.
    /// </summary>
    private static async Task<IResult> SendAsync(RouteActor target, Caller caller, HttpContext http,
        AbacoSettings settings, ActorsGateway gateway, SynchronousExecutions synchronous, MessageViews views,
        Envelope envelope, TimeProvider clock, CancellationToken ct)
    {
        var actor = target.Record;
        var (kind, body, bodyRef) = await ReadMessageAsync(http, settings, actor.DbId);
        var parameters = ExactQuery.Parse(http.Request.QueryString).Where(p => p.Key != "message").ToList();
        var isSynchronous = parameters.LastOrDefault(p => p.Key == "_abaco_synchronous").Value is { } flag &&
                            flag.Equals("true", StringComparison.OrdinalIgnoreCase);
        var message = new QueuedMessage(ExecutionId.New().Value, kind, body, ImmutableDictionary<string, string>.Empty,
            caller.User, AbacoTime.Normalize(clock.GetUtcNow().UtcDateTime))
        {
            BodyRef = bodyRef,
            Origin = new MessageOrigin(caller.User, caller.ApiServer, caller.JwtHeaderName),
            // The HTTP request's span: the entity, the worker and the container continue its trace.
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        };
        if (MessageEnvironment.Check(parameters, message.IsBinary ? null : message.Msg(),
                MessageEnvironment.MaySetProtectedNames(caller.User, caller.IsAdmin, caller.Nonce is not null, actor.Owner),
                settings.Web.ProtectedEnvNames, settings.Web.MaxMessageEnvBytes) is { } refusal)
            throw ApiError.BadRequest(refusal);
        message = message with { Environment = Environment(parameters) };
        var msg = message.Msg();
        if (!message.IsBinary && QueuedMessage.TooLongToCarry(message.Body, settings.Web.MaxInlineMessage))
            message = message.StoredApart(await StoreTextAsync(http, actor.DbId, message.Body));

        var accepted = await gateway.AskAsync<MessageAccepted>(new SendMessage(actor.Key, message), ct);
        http.Items[AcceptedKey] = true; // the stored body now belongs to the queued message
        if (isSynchronous) return await synchronous.AwaitAsync(actor, accepted.ExecutionId.Value, ct);
        return envelope.Ok(views.MessageAccepted(actor, accepted.ExecutionId.Value, msg, caller.User),
            "The request was successful");
    }

    /// <summary>
    /// A text or JSON body longer than <c>web.max_inline_message</c> goes to the body store, like a binary one, so
    /// that only its reference crosses the cluster and the journal.
    /// </summary>
    private static async Task<MessageBodyRef> StoreTextAsync(HttpContext http, string actorDbId, string text)
    {
        var bodies = http.RequestServices.GetRequiredService<IAbacoStores>().Bodies;
        using var source = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false);
        var body = await bodies.WriteAsync(actorDbId, source, source.Length, http.RequestAborted);
        DeleteUnlessAccepted(http, bodies, body);
        return body;
    }

    /// <summary>
    /// A stored body whose message is then refused (4xx: another check, a full queue) is deleted when the response
    /// completes; after an answer that leaves it open (5xx: the actor may have queued it) it is kept, and goes with
    /// its execution or its actor.
    /// </summary>
    private static void DeleteUnlessAccepted(HttpContext http, IMessageBodyStore bodies, MessageBodyRef body) =>
        http.Response.OnCompleted(() =>
            http.Items.ContainsKey(AcceptedKey) || http.Response.StatusCode >= 500
                ? Task.CompletedTask
                : bodies.DeleteAsync(body.Id, CancellationToken.None));

    /// <summary>The query parameters; the platform's own variables are added by the worker when it composes the container's environment.</summary>
    private static ImmutableDictionary<string, string> Environment(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters) environment[name] = value;
        return environment.ToImmutable();
    }

    /// <summary>
    /// The original's order (original-abaco.md §1.4 #15): a <c>message</c> field (JSON, form or query) is a string message;
    /// else an octet-stream body is a binary message; else a JSON body is a JSON message; else the raw body must
    /// parse as JSON and is kept as a string message.
    /// </summary>
    private static async Task<(MessageKind Kind, string Body, MessageBodyRef? BodyRef)> ReadMessageAsync(HttpContext http,
        AbacoSettings settings, string actorDbId)
    {
        var request = http.Request;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            if (ExactQuery.TryGet(request.QueryString, "message", out var queryField))
                return (MessageKind.Str, queryField, null);
            return (MessageKind.Binary, "", await StoreBinaryAsync(http, settings, actorDbId));
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            if (ExactQuery.TryGetForm(form, "message", out var formMessage)) return (MessageKind.Str, formMessage, null);
            if (ExactQuery.TryGet(request.QueryString, "message", out var queryMessage))
                return (MessageKind.Str, queryMessage, null);
            throw NotSerializable();
        }

        var text = await BodyText.ReadAsync(request);
        JsonNode? parsed = null;
        var parses = false;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                parsed = JsonNode.Parse(text, documentOptions: StrictJson.Document);
                parses = true;
            }
            catch (JsonException)
            {
                parses = false;
            }
        }
        if (parsed is JsonObject obj && obj.TryGetPropertyValue("message", out var field) && field is not null)
            return (MessageKind.Str, Str(field), null);
        if (ExactQuery.TryGet(request.QueryString, "message", out var query)) return (MessageKind.Str, query, null);
        if (!parses) throw NotSerializable();
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (MessageKind.Json, parsed?.ToJsonString() ?? "null", null);
        return (MessageKind.Str, Str(parsed), null);
    }

    private const string AcceptedKey = "abaco.message.accepted";

    /// <summary>
    /// Streams a binary message from the request into the body store (a chunk at a time, never whole in memory) and
    /// returns its reference. <c>web.max_content_length</c> is enforced on the bytes as they come, so a chunked
    /// request without Content-Length is accepted too and refused once past the limit; nothing of a refused or broken
    /// upload is kept; see <see cref="DeleteUnlessAccepted"/> for a body whose message is then refused.
    /// </summary>
    private static async Task<MessageBodyRef> StoreBinaryAsync(HttpContext http, AbacoSettings settings,
        string actorDbId)
    {
        var max = settings.Web.MaxContentLength;
        if (http.Request.ContentLength > max) throw TooLarge(max);
        // Our own count enforces the limit (and answers 400); Kestrel's cap (30 MB by default) would cut allowed
        // messages short or answer 413.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;
        var bodies = http.RequestServices.GetRequiredService<IAbacoStores>().Bodies;
        MessageBodyRef body;
        try
        {
            body = await bodies.WriteAsync(actorDbId, http.Request.Body, max, http.RequestAborted);
        }
        catch (MessageBodyTooLargeException)
        {
            throw TooLarge(max);
        }
        catch (BadHttpRequestException e)
        {
            throw ApiError.BadRequest($"The binary message could not be read: {e.Message}");
        }
        DeleteUnlessAccepted(http, bodies, body);
        return body;
    }

    private static ApiError TooLarge(long max) => ApiError.BadRequest($"Message exceeds max content length of: {max}");

    private static string Str(JsonNode? node) => PythonLiteral.Str(RequestFields.ToElement(node));

    private static ApiError NotSerializable() => ApiError.BadRequest(
        "message POST body could not be serialized. Pass JSON data or use the message attribute.");
}
