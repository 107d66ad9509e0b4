using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using Abaco.Protocol;
using Abaco.Stores;
using Abaco.Stores.Bodies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Routes;

/// <summary>Sending messages, counting and purging the queue (reference §1.4 #14-#16, §3.8).</summary>
public static class MessageRoutes
{
    public static void MapMessageRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/{actorId}/messages", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var count = await gateway.AskAsync<MessageCount>(new GetMessageCount(actor.Key), http.RequestAborted);
            return envelope.Ok(views.MessageCount(actor, count.Count), "The request was successful");
        });

        app.MapDelete("/actors/{actorId}/messages", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var result = await gateway.AskAsync<AbacoResult>(new PurgeMessages(actor.Key), http.RequestAborted);
            if (!result.IsOk) throw ActorsGateway.ToError(result);
            return envelope.Ok(views.Purged(actor), "Actor mailbox purged.");
        });

        app.MapPost("/actors/{actorId}/messages", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, SynchronousExecutions synchronous, Views.Views views,
            Envelope envelope, TimeProvider clock) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            var (kind, body, bodyRef) = await ReadMessageAsync(http, settings, actor.DbId);

            var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var parameters = ExactQuery.Parse(http.Request.QueryString).Where(p => p.Key != "message").ToList();
            foreach (var (name, value) in parameters) environment[name] = value;
            var isSynchronous = environment.TryGetValue("_abaco_synchronous", out var flag) &&
                                flag.Equals("true", StringComparison.OrdinalIgnoreCase);

            var executionId = ExecutionId.New().Value;
            environment["_abaco_username"] = caller.User;
            environment["_abaco_api_server"] = caller.ApiServer;
            if (caller.JwtHeaderName is { } header) environment["_abaco_jwt_header_name"] = header;
            environment["_abaco_execution_id"] = executionId;
            var message = new QueuedMessage(executionId, kind, body, ImmutableDictionary<string, string>.Empty,
                caller.User, AbacoTime.Normalize(clock.GetUtcNow().UtcDateTime)) { BodyRef = bodyRef };
            environment["_abaco_Content_Type"] = message.ContentType;
            if (MessageEnvironment.Check(parameters, message.IsBinary ? null : message.Msg,
                    MessageEnvironment.MaySetProtectedNames(caller.User, caller.IsAdmin, caller.Nonce is not null, actor.Owner),
                    settings.Web.ProtectedEnvNames, settings.Web.MaxMessageEnvBytes) is { } refusal)
                throw ApiError.BadRequest(refusal);
            message = message with { Environment = environment.ToImmutable() };

            var accepted = await gateway.AskAsync<MessageAccepted>(new SendMessage(actor.Key, message),
                http.RequestAborted);
            http.Items[AcceptedKey] = true; // the stored body now belongs to the queued message
            if (isSynchronous) return await synchronous.AwaitAsync(actor, accepted.ExecutionId.Value, http.RequestAborted);
            return envelope.Ok(views.MessageAccepted(actor, accepted.ExecutionId.Value, message.Msg, caller.User),
                "The request was successful");
        });
    }

    /// <summary>
    /// The original's order (reference §1.4 #15): a <c>message</c> field (JSON, form or query) is a string message;
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
    /// upload is kept. A body whose message is then refused (4xx: another check, a full queue) is deleted when the
    /// response completes; after an answer that leaves it open (5xx: the actor may have queued it) it is kept, and
    /// goes with its execution or its actor.
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
        http.Response.OnCompleted(() =>
            http.Items.ContainsKey(AcceptedKey) || http.Response.StatusCode >= 500
                ? Task.CompletedTask
                : bodies.DeleteAsync(body.Id, CancellationToken.None));
        return body;
    }

    private static ApiError TooLarge(long max) => ApiError.BadRequest($"Message exceeds max content length of: {max}");

    private static string Str(JsonNode? node) => PythonLiteral.Str(RequestFields.ToElement(node));

    private static ApiError NotSerializable() => ApiError.BadRequest(
        "message POST body could not be serialized. Pass JSON data or use the message attribute.");
}
