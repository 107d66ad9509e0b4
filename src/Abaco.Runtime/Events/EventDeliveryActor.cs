using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Permissions;
using Abaco.Core.Text;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.EventProtocol;

namespace Abaco.Runtime.Events;

/// <summary>
/// Delivers actor events (original-abaco.md §3.9, the original's events agent): to the linked actor as a JSON message from
/// "Abaco Event" (the link, an id or alias, resolved now), and to the webhook as an HTTP POST of the same JSON,
/// retried with backoff. One deliverer per core node subscribes in a group, so each event is delivered once.
/// Failures are logged, never lost silently and never retried forever.
/// </summary>
public sealed class EventDeliveryActor : ReceiveActor
{
    public const string SubscriberGroup = "event-deliverers";
    public const string EventExecutor = "Abaco Event";

    private readonly IAbacoStores _stores;
    private readonly IActorRef _entities;
    private readonly HttpClient _http;
    private readonly EventDeliveryTimings _timings;
    private readonly bool _webhookExecutionStarted;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public EventDeliveryActor(IAbacoStores stores, IActorRef entities, HttpClient http, EventDeliveryTimings timings,
        bool webhookExecutionStarted)
    {
        _stores = stores;
        _entities = entities;
        _http = http;
        _timings = timings;
        _webhookExecutionStarted = webhookExecutionStarted;
        Receive<ActorEventOccurred>(Deliver);
        Receive<DeliveryReport>(report =>
        {
            if (report.Failure is null) _log.Debug("{0}", report.What);
            else _log.Warning("{0} failed: {1}", report.What, report.Failure);
        });
        Receive<SubscribeAck>(_ => { });
    }

    /// <param name="webhookExecutionStarted">Whether webhooks also get <c>EXECUTION_STARTED</c> (see <see cref="EventSelection"/>).</param>
    public static Props Props(IAbacoStores stores, IActorRef entities, HttpClient http, EventDeliveryTimings timings,
        bool webhookExecutionStarted = false) =>
        Akka.Actor.Props.Create(() => new EventDeliveryActor(stores, entities, http, timings, webhookExecutionStarted));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topic, Self, SubscriberGroup));

    private void Deliver(ActorEventOccurred e)
    {
        var what = $"{e.EventType} of {e.ActorKey.DbId}";
        if (!string.IsNullOrEmpty(e.Link) && EventSelection.ToLink(e.EventType))
            ToLinkAsync(e).PipeTo(Self, success: r => r, failure: ex => new DeliveryReport($"{what} to link {e.Link}", ex.GetBaseException().Message));
        if (!string.IsNullOrEmpty(e.Webhook) && EventSelection.ToWebhook(e.EventType, _webhookExecutionStarted))
            ToWebhookAsync(e).PipeTo(Self, success: r => r, failure: ex => new DeliveryReport($"{what} to webhook {e.Webhook}", ex.GetBaseException().Message));
    }

    private async Task<DeliveryReport> ToLinkAsync(ActorEventOccurred e)
    {
        var what = $"{e.EventType} of {e.ActorKey.DbId} to link {e.Link}";
        var tenant = e.ActorKey.Tenant;
        var linked = AbacoIds.IsHashid(e.Link)
            ? ActorKey.Of(tenant, e.Link).DbId
            : (await _stores.Aliases.GetAsync(tenant, e.Link))?.ActorDbId;
        if (linked is null) return new DeliveryReport(what, $"no actor or alias '{e.Link}' in tenant {tenant}");
        if (!AbacoIds.IsHashid(e.Link) && await AliasRefusalAsync(e.ActorKey.DbId, linked) is { } refusal)
            return new DeliveryReport(what, refusal);

        var executionId = ExecutionId.New().Value;
        var body = Payload(e, linked).ToJsonString();
        var message = new QueuedMessage(executionId, MessageKind.Json, body, ImmutableDictionary<string, string>.Empty,
            EventExecutor, AbacoTime.Normalize(DateTime.UtcNow)) { Origin = new MessageOrigin(EventExecutor, e.ApiServer) };
        var reply = await _entities.Ask<object>(new SendMessage(ActorKey.Parse(linked), message), _timings.LinkReplyTimeout);
        return reply is MessageAccepted
            ? new DeliveryReport($"{what} as execution {executionId}", null)
            : new DeliveryReport(what, (reply as AbacoResult)?.Message ?? reply.ToString());
    }

    /// <summary>
    /// A link through an alias follows the alias as it is now, and an alias name can be deleted and re-created by
    /// someone else: events go on only while the source actor's owner may EXECUTE the actor the alias names now, as
    /// the link was checked when it was set. Null when allowed.
    /// </summary>
    private async Task<string?> AliasRefusalAsync(string sourceDbId, string linkedDbId)
    {
        var source = await _stores.Actors.GetAsync(sourceDbId);
        if (source is null) return $"actor {sourceDbId} no longer exists";
        if (source.OwnerRoles.Contains(AbacoRoles.All) || source.OwnerRoles.Contains(AbacoRoles.Admin)) return null;
        var entries = await _stores.Permissions.GetAsync(PermissionScope.Actor, linkedDbId) ?? [];
        return PermissionRules.Allows(entries, source.Owner, PermissionLevel.Execute)
            ? null
            : $"{source.Owner}, owner of {sourceDbId}, may not EXECUTE {linkedDbId}";
    }

    private async Task<DeliveryReport> ToWebhookAsync(ActorEventOccurred e)
    {
        var what = $"{e.EventType} of {e.ActorKey.DbId} to webhook {e.Webhook}";
        var linked = "";
        if (!string.IsNullOrEmpty(e.Link))
            linked = AbacoIds.IsHashid(e.Link)
                ? ActorKey.Of(e.ActorKey.Tenant, e.Link).DbId
                : (await _stores.Aliases.GetAsync(e.ActorKey.Tenant, e.Link))?.ActorDbId ?? "";
        var payload = Payload(e, linked);
        payload["_abaco_Content_Type"] = QueuedMessage.JsonContentType;
        payload["_abaco_username"] = EventExecutor;
        payload["_abaco_api_server"] = e.ApiServer;
        var delays = _timings.WebhookRetryDelays;
        string failure = "";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync(e.Webhook, payload);
                if (response.IsSuccessStatusCode) return new DeliveryReport(what, null);
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex) when (ex.InnerException is WebhookDeniedException denied)
            {
                return new DeliveryReport(what, $"refused: {denied.Message}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failure = ex.Message;
            }
            if (attempt >= delays.Count) break;
            await Task.Delay(delays[attempt]);
        }
        return new DeliveryReport(what, $"{failure} (after {delays.Count + 1} attempts)");
    }

    /// <summary>The event as the original shapes it (original-abaco.md §2.10).</summary>
    public static JsonObject Payload(ActorEventOccurred e, string linkedDbId)
    {
        var time = AbacoTime.Display(e.Time);
        var payload = new JsonObject
        {
            ["tenant_id"] = e.ActorKey.Tenant,
            ["event_type"] = e.EventType,
            ["event_time_utc"] = time,
            ["event_time_display"] = time,
            ["actor_id"] = e.ActorKey.Id.Value,
            ["actor_dbid"] = e.ActorKey.DbId,
            ["_abaco_link"] = linkedDbId,
            ["_abaco_webhook"] = e.Webhook,
        };
        if (e.ExecutionId is null)
        {
            payload["status_message"] = e.StatusMessage ?? "";
        }
        else
        {
            payload["execution_id"] = e.ExecutionId?.Value;
            payload["status"] = e.ExecutionStatus;
            payload["exit_code"] = e.ExitCode;
        }
        return payload;
    }

    private sealed record DeliveryReport(string What, string? Failure) : INoSerializationVerificationNeeded;
}
