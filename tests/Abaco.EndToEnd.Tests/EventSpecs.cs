using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>A linked actor receives its source's events as messages; a webhook receives them as POSTs.</summary>
public sealed class EventSpecs(WebhookNodeFixture fixture) : IClassFixture<WebhookNodeFixture>
{
    private readonly AbacoClient _client = fixture.Client("EVENTS");

    [Fact(DisplayName = "The linked actor runs once per original event: ACTOR_READY and EXECUTION_COMPLETE, never EXECUTION_STARTED, from 'Abaco Event'")]
    public async Task Linked_actor_receives_events()
    {
        var target = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var alias = await _client.PostJsonAsync("/actors/aliases", new { alias = "event-sink", actor_id = target });
        Assert.Equal(HttpStatusCode.OK, alias.Status);
        var source = await _client.CreateActorAsync(new { image = "abaco/test-busybox", link = "event-sink" });

        var sent = await _client.SendAsync(source, "hello");
        await _client.WaitCompleteAsync(source, sent);

        var logs = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            var executions = (await _client.GetAsync($"/actors/{target}/executions")).Result.GetProperty("executions");
            logs.Clear();
            foreach (var execution in executions.EnumerateArray())
            {
                var id = execution.GetProperty("id").GetString()!;
                var details = await _client.ExecutionAsync(target, id);
                if (details.GetProperty("status").GetString() != "COMPLETE") return false;
                Assert.Equal("Abaco Event", details.GetProperty("executor").GetString());
                logs.Add(await _client.LogsAsync(target, id));
            }
            // Events are delivered concurrently: wait for both rather than assume their order.
            return new[] { "ACTOR_READY", "EXECUTION_COMPLETE" }
                .All(type => logs.Any(l => l.Contains($"'event_type': '{type}'")));
        }, AbacoClient.ExecutionDeadline, "the linked actor to run the ACTOR_READY and EXECUTION_COMPLETE events");

        // The start event was published before the completion: had it been delivered, it would be here by now.
        Assert.DoesNotContain(logs, l => l.Contains("'event_type': 'EXECUTION_STARTED'"));
        Assert.Equal(2, logs.Count);
        var complete = logs.Single(l => l.Contains("'event_type': 'EXECUTION_COMPLETE'"));
        Assert.Contains($"'execution_id': '{sent}'", complete);
        Assert.Contains("_abaco_username=Abaco Event", complete);
        Assert.Contains("_abaco_Content_Type=application/json", complete);
    }

    [Fact(DisplayName = "A webhook receives the events as JSON POSTs")]
    public async Task Webhook_receives_events()
    {
        using var hook = new WebhookListener();
        var source = await _client.CreateActorAsync(new { image = "abaco/test-busybox", webhook = hook.Url });

        var sent = await _client.SendAsync(source, "hello");
        await _client.WaitCompleteAsync(source, sent);

        await Eventually.TrueAsync(() => Task.FromResult(hook.EventTypes.Contains("EXECUTION_COMPLETE") &&
                                                         hook.EventTypes.Contains("ACTOR_READY")),
            AbacoClient.ExecutionDeadline, "the webhook to receive ACTOR_READY and EXECUTION_COMPLETE");
        var complete = hook.Bodies.Select(b => JsonDocument.Parse(b).RootElement)
            .Single(e => e.GetProperty("event_type").GetString() == "EXECUTION_COMPLETE");
        // EXECUTION_STARTED is opt-in for webhooks (workers.webhook_execution_started, off by default).
        Assert.DoesNotContain("EXECUTION_STARTED", hook.EventTypes);
        Assert.Equal(sent, complete.GetProperty("execution_id").GetString());
        Assert.Equal("COMPLETE", complete.GetProperty("status").GetString());
        Assert.Equal(source, complete.GetProperty("actor_id").GetString());
        Assert.Equal(hook.Url, complete.GetProperty("_abaco_webhook").GetString());
    }

    /// <summary>A webhook on a loopback port of the test machine, where the node runs.</summary>
    private sealed class WebhookListener : IDisposable
    {
        private readonly HttpListener _listener = new();

        public WebhookListener()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/abaco-events/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public ConcurrentQueue<string> Bodies { get; } = new();

        public IReadOnlyList<string?> EventTypes =>
            Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("event_type").GetString()).ToList();

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
                Bodies.Enqueue(await reader.ReadToEndAsync());
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
