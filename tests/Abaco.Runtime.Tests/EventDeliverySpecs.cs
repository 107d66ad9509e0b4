using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Net;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Protocol;
using Abaco.Runtime.Events;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;
using static Abaco.Protocol.EventProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>Events reach the linked actor (as a message from "Abaco Event") and the webhook (original-abaco.md §3.9).</summary>
public sealed class EventDeliverySpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Source = "TEST_aBcDeFgHiJkL";
    private static readonly string TargetId = Abaco.Core.Ids.AbacoIds.NewId();
    private static readonly string Target = $"TEST_{TargetId}";
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-events-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public EventDeliverySpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _stores = new SqliteStores(_dbFile);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _http.Dispose();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    private static readonly EventDeliveryTimings Timings =
        EventDeliveryTimings.Default with { WebhookRetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)] };

    private static ActorEventOccurred Ready(string link = "", string webhook = "") =>
        new(ActorKey.Parse(Source), ActorReady, new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc), link, webhook, "http://api",
            StatusMessage: " ");

    [Fact(DisplayName = "An event goes to the linked actor as a JSON message from 'Abaco Event'")]
    public void Link_by_id()
    {
        var entities = CreateTestProbe();
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, entities.Ref, _http, Timings));

        deliverer.Tell(Ready(link: TargetId));

        var send = entities.ExpectMsg<SendMessage>();
        Assert.Equal(Target, send.ActorKey.DbId);
        Assert.Equal("Abaco Event", send.Message.Executor);
        // The container of the linked actor sees who sent it and through which API server.
        var environment = ContainerEnvironment.Compose(Fixtures.Actor(), send.Message, "w1");
        Assert.Equal("Abaco Event", environment["_abaco_username"]);
        Assert.Equal("http://api", environment["_abaco_api_server"]);
        Assert.Equal("application/json", send.Message.ContentType);
        using var body = JsonDocument.Parse(send.Message.Body);
        Assert.Equal("ACTOR_READY", body.RootElement.GetProperty("event_type").GetString());
        Assert.Equal("aBcDeFgHiJkL", body.RootElement.GetProperty("actor_id").GetString());
        Assert.Equal(Target, body.RootElement.GetProperty("_abaco_link").GetString());
        Assert.Equal("TEST", body.RootElement.GetProperty("tenant_id").GetString());
        entities.Reply(new MessageAccepted(new ExecutionId(send.Message.ExecutionId), 1));
    }

    [Fact(DisplayName = "A linked actor gets ACTOR_ERROR and EXECUTION_COMPLETE but never EXECUTION_STARTED, as in the original")]
    public void Link_gets_only_the_original_events()
    {
        var entities = CreateTestProbe();
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, entities.Ref, _http, Timings));
        var at = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

        // Told in this order to one deliverer, each link delivery asks the entities in the same order.
        deliverer.Tell(new ActorEventOccurred(ActorKey.Parse(Source), ExecutionStarted, at, TargetId, "", "http://api",
            ExecutionId: new ExecutionId("e1"), ExecutionStatus: "RUNNING"));
        deliverer.Tell(new ActorEventOccurred(ActorKey.Parse(Source), ActorError, at, TargetId, "", "http://api", StatusMessage: "boom"));
        deliverer.Tell(new ActorEventOccurred(ActorKey.Parse(Source), ExecutionComplete, at, TargetId, "", "http://api",
            ExecutionId: new ExecutionId("e1"), ExecutionStatus: "COMPLETE", ExitCode: 0));

        var types = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            var send = entities.ExpectMsg<SendMessage>();
            using var body = JsonDocument.Parse(send.Message.Body);
            types.Add(body.RootElement.GetProperty("event_type").GetString());
            entities.Reply(new MessageAccepted(new ExecutionId(send.Message.ExecutionId), 1));
        }
        Assert.Equal(["ACTOR_ERROR", "EXECUTION_COMPLETE"], types);
        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Theory(DisplayName = "A webhook gets EXECUTION_STARTED only when workers.webhook_execution_started is on")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Webhook_execution_started_is_opt_in(bool optIn)
    {
        using var hook = new Hook(failFirst: 0);
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, CreateTestProbe().Ref, _http, Timings, optIn));

        deliverer.Tell(new ActorEventOccurred(ActorKey.Parse(Source), ExecutionStarted, DateTime.UtcNow, "", hook.Url, "http://api",
            ExecutionId: new ExecutionId("e1"), ExecutionStatus: "RUNNING"));
        deliverer.Tell(Ready(webhook: hook.Url));

        var expected = optIn ? 2 : 1;
        await AwaitConditionAsync(() => Task.FromResult(hook.Received.Count >= expected), TimeSpan.FromSeconds(10));
        var types = hook.Received.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("event_type").GetString())
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(optIn ? ["ACTOR_READY", "EXECUTION_STARTED"] : ["ACTOR_READY"], types);
    }

    [Fact(DisplayName = "A link through an alias follows the alias as it is when the event is delivered")]
    public async Task Link_by_alias()
    {
        await _stores.Actors.UpsertAsync(Fixtures.Actor());
        await _stores.Permissions.SetAsync(PermissionScope.Actor, Target, "owner", PermissionLevel.Execute);
        await _stores.Aliases.AddAsync(new AliasRecord("TEST", "next-step", TargetId, "owner", "http://api"));
        var entities = CreateTestProbe();
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, entities.Ref, _http, Timings));

        deliverer.Tell(new ActorEventOccurred(ActorKey.Parse(Source), ExecutionComplete, DateTime.UtcNow, "next-step", "", "http://api",
            ExecutionId: new ExecutionId("e1"), ExecutionStatus: "COMPLETE", ExitCode: 0));

        var send = entities.ExpectMsg<SendMessage>();
        Assert.Equal(Target, send.ActorKey.DbId);
        using var body = JsonDocument.Parse(send.Message.Body);
        Assert.Equal("e1", body.RootElement.GetProperty("execution_id").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("exit_code").GetInt32());
    }

    [Fact(DisplayName = "A link through an alias re-created for an actor the source's owner may not EXECUTE delivers nothing")]
    public async Task Alias_taken_over()
    {
        var stranger = Abaco.Core.Ids.AbacoIds.NewId();
        await _stores.Actors.UpsertAsync(Fixtures.Actor());
        await _stores.Permissions.SetAsync(PermissionScope.Actor, $"TEST_{stranger}", "stranger", PermissionLevel.Update);
        await _stores.Aliases.AddAsync(new AliasRecord("TEST", "taken-over", stranger, "stranger", "http://api"));
        var entities = CreateTestProbe();
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, entities.Ref, _http, Timings));

        deliverer.Tell(Ready(link: "taken-over"));

        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact(DisplayName = "A link to an alias that no longer exists delivers nothing")]
    public void Dangling_alias()
    {
        var entities = CreateTestProbe();
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, entities.Ref, _http, Timings));

        deliverer.Tell(Ready(link: "gone"));

        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact(DisplayName = "A webhook gets the event as a JSON POST, retried after failures")]
    public async Task Webhook_with_retries()
    {
        using var hook = new Hook(failFirst: 2);
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, CreateTestProbe().Ref, _http, Timings));

        deliverer.Tell(Ready(webhook: hook.Url));

        await AwaitConditionAsync(() => Task.FromResult(hook.Received.Count == 3), TimeSpan.FromSeconds(10));
        using var body = JsonDocument.Parse(hook.Received.Last());
        Assert.Equal("ACTOR_READY", body.RootElement.GetProperty("event_type").GetString());
        Assert.Equal(hook.Url, body.RootElement.GetProperty("_abaco_webhook").GetString());
        Assert.Equal("Abaco Event", body.RootElement.GetProperty("_abaco_username").GetString());
        Assert.Equal(" ", body.RootElement.GetProperty("status_message").GetString());
    }

    [Fact(DisplayName = "A webhook that keeps failing is tried a bounded number of times")]
    public async Task Webhook_gives_up()
    {
        using var hook = new Hook(failFirst: int.MaxValue);
        var deliverer = Sys.ActorOf(EventDeliveryActor.Props(_stores, CreateTestProbe().Ref, _http, Timings));

        deliverer.Tell(Ready(webhook: hook.Url));

        await AwaitConditionAsync(() => Task.FromResult(hook.Received.Count == 3), TimeSpan.FromSeconds(10));
        await Task.Delay(300); // nothing may follow the last attempt; a short quiet period shows it
        Assert.Equal(3, hook.Received.Count);
    }

    [Fact(DisplayName = "The webhook client refuses to connect to a denied address, by IP or by a name resolving there")]
    public async Task Webhook_client_refuses_denied_addresses()
    {
        using var hook = new Hook(failFirst: 0);
        using var client = WebhookHttp.Create(AddressDenyList.From(AddressDenyList.DefaultCidrs), TimeSpan.FromSeconds(5));
        var port = new Uri(hook.Url).Port;

        foreach (var url in new[] { hook.Url, $"http://localhost:{port}/hook/", $"http://[::ffff:127.0.0.1]:{port}/hook/" })
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(url, new StringContent("{}")));
            Assert.IsType<WebhookDeniedException>(refused.InnerException);
        }
        Assert.Empty(hook.Received);
    }

    [Fact(DisplayName = "The webhook client connects where the deny list allows")]
    public async Task Webhook_client_connects_where_allowed()
    {
        using var hook = new Hook(failFirst: 0);
        using var client = WebhookHttp.Create(AddressDenyList.From(["169.254.0.0/16"]), TimeSpan.FromSeconds(5));

        using var response = await client.PostAsync(hook.Url, new StringContent("{\"ok\": true}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"ok\": true}", Assert.Single(hook.Received));
    }

    /// <summary>A webhook on a loopback port, answering 500 to the first requests.</summary>
    private sealed class Hook : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly int _failFirst;

        public Hook(int failFirst)
        {
            _failFirst = failFirst;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public ConcurrentQueue<string> Received { get; } = new();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream);
                Received.Enqueue(await reader.ReadToEndAsync());
                context.Response.StatusCode = Received.Count <= _failFirst ? 500 : 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
