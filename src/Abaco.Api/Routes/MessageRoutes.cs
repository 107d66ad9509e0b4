using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using Abaco.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
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
            var count = await gateway.AskAsync<MessageCount>(new GetMessageCount(actor.DbId), http.RequestAborted);
            return envelope.Ok(views.MessageCount(actor, count.Count), "The request was successful");
        });

        app.MapDelete("/actors/{actorId}/messages", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, Views.Views views, Envelope envelope) =>
        {
            var actor = await lookup.GetAsync(Caller.From(http, settings), actorId, http.RequestAborted);
            var result = await gateway.AskAsync<AbacoResult>(new PurgeMessages(actor.DbId), http.RequestAborted);
            if (!result.IsOk) throw ActorsGateway.ToError(result);
            return envelope.Ok(views.Purged(actor), "Actor mailbox purged.");
        });

        app.MapPost("/actors/{actorId}/messages", async (string actorId, HttpContext http, AbacoSettings settings,
            ActorLookup lookup, ActorsGateway gateway, SynchronousExecutions synchronous, Views.Views views,
            Envelope envelope, TimeProvider clock) =>
        {
            var caller = Caller.From(http, settings);
            var actor = await lookup.GetAsync(caller, actorId, http.RequestAborted);
            var (kind, body) = await ReadMessageAsync(http, settings);

            var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in ExactQuery.Parse(http.Request.QueryString))
                if (name != "message") environment[name] = value;
            var isSynchronous = environment.TryGetValue("_abaco_synchronous", out var flag) &&
                                flag.Equals("true", StringComparison.OrdinalIgnoreCase);

            var executionId = ExecutionId.New().Value;
            environment["_abaco_username"] = caller.User;
            environment["_abaco_api_server"] = caller.ApiServer;
            if (caller.JwtHeaderName is { } header) environment["_abaco_jwt_header_name"] = header;
            environment["_abaco_execution_id"] = executionId;
            var message = new QueuedMessage(executionId, kind, body, ImmutableDictionary<string, string>.Empty,
                caller.User, AbacoTime.Normalize(clock.GetUtcNow().UtcDateTime));
            environment["_abaco_Content_Type"] = message.ContentType;
            message = message with { Environment = environment.ToImmutable() };

            var accepted = await gateway.AskAsync<MessageAccepted>(new SendMessage(actor.DbId, message),
                http.RequestAborted);
            if (isSynchronous) return await synchronous.AwaitAsync(actor, accepted.ExecutionId, http.RequestAborted);
            return envelope.Ok(views.MessageAccepted(actor, accepted.ExecutionId, message.Msg, caller.User),
                "The request was successful");
        });
    }

    /// <summary>
    /// The original's order (reference §1.4 #15): a <c>message</c> field (JSON, form or query) is a string message;
    /// else an octet-stream body is a binary message; else a JSON body is a JSON message; else the raw body must
    /// parse as JSON and is kept as a string message.
    /// </summary>
    private static async Task<(MessageKind Kind, string Body)> ReadMessageAsync(HttpContext http, AbacoSettings settings)
    {
        var request = http.Request;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            if (ExactQuery.TryGet(request.QueryString, "message", out var queryField)) return (MessageKind.Str, queryField);
            return (MessageKind.Binary, Convert.ToBase64String(await ReadBinaryAsync(http, settings)));
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            if (ExactQuery.TryGetForm(form, "message", out var formMessage)) return (MessageKind.Str, formMessage);
            if (ExactQuery.TryGet(request.QueryString, "message", out var queryMessage)) return (MessageKind.Str, queryMessage);
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
            return (MessageKind.Str, Str(field));
        if (ExactQuery.TryGet(request.QueryString, "message", out var query)) return (MessageKind.Str, query);
        if (!parses) throw NotSerializable();
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (MessageKind.Json, parsed?.ToJsonString() ?? "null");
        return (MessageKind.Str, Str(parsed));
    }

    /// <summary>A binary message needs its length up front and may not exceed <c>web.max_content_length</c>.</summary>
    private static async Task<byte[]> ReadBinaryAsync(HttpContext http, AbacoSettings settings)
    {
        var max = settings.Web.MaxContentLength;
        var length = http.Request.ContentLength
                     ?? throw ApiError.BadRequest("Content Length required for application/octet-stream.");
        if (length > max) throw ApiError.BadRequest($"Message exceeds max content length of: {max}");
        // Kestrel's own cap (30 MB by default) would cut larger allowed messages short.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max;
        var bytes = new byte[length];
        await http.Request.Body.ReadExactlyAsync(bytes, http.RequestAborted);
        return bytes;
    }

    private static string Str(JsonNode? node) => PythonLiteral.Str(RequestFields.ToElement(node));

    private static ApiError NotSerializable() => ApiError.BadRequest(
        "message POST body could not be serialized. Pass JSON data or use the message attribute.");
}
