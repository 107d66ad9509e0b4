using System.Net;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests.Metrics;

/// <summary>A node whose host runs at most seven workers, so the spawner slots it reports are its own figures.</summary>
public sealed class MetricsNodeFixture : NodeFixture
{
    public const int Slots = 7;

    protected override string ExtraConfig => $"abaco.spawner.max_workers_per_host = {Slots}";
}

/// <summary>
/// /metrics on a real node after real traffic and real containers (docs/metrics.md): counters move by what ran,
/// histograms count what was timed, gauges follow the node's entities, workers and cluster. The facts of this class
/// share one node and run one after another, so each compares scrapes taken before and after its own work.
/// </summary>
public sealed class MetricsSpecs(MetricsNodeFixture fixture) : IClassFixture<MetricsNodeFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly AbacoClient _client = fixture.Client("METRICS");

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.BaseUrl };
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p is { Name: "version", Value: "0.0.4" });
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "Metrics: executions run move executions_total, accepts, the messages route's latency, accept-to-start and the container histograms")]
    public async Task ExecutionsAndLatencies()
    {
        const int Messages = 3;
        var before = await ScrapeAsync();
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox" });
        var executions = new List<string>();
        for (var i = 0; i < Messages; i++) executions.Add(await _client.SendAsync(id, $"counted {i}"));
        foreach (var execution in executions) await _client.WaitCompleteAsync(id, execution);

        // The counter moves once the end is journalled, which may trail the COMPLETE record the client saw.
        var after = await Eventually.ValueAsync(async () =>
        {
            var scrape = await ScrapeAsync();
            return scrape.Sum("abaco_executions_total", ("status", "COMPLETE")) -
                before.Sum("abaco_executions_total", ("status", "COMPLETE")) >= Messages ? scrape : null;
        }, Deadline, "executions_total to count every execution");
        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(Messages, Moved("abaco_executions_total", ("status", "COMPLETE")));
        Assert.Equal(Messages, Moved("abaco_messages_accepted_total"));
        Assert.Equal("counter", after.Types["abaco_executions_total"]);
        Assert.Equal("histogram", after.Types["http_request_duration_seconds"]);
        Assert.True(after.Sum("http_request_duration_seconds_count", ("endpoint", "/actors/{actorId}/messages"),
            ("method", "POST"), ("code", "2xx")) >= Messages, "the POST /actors/{actorId}/messages histogram counts every send");
        Assert.True(Moved("abaco_accept_to_start_seconds_count") >= Messages, "every message's wait for its container is timed");
        Assert.True(Moved("abaco_container_operation_seconds_count", ("operation", "create")) >= 1, "container creates are timed");
        Assert.True(Moved("abaco_container_operation_seconds_count", ("operation", "start")) >= 1, "container starts are timed");
        Assert.True(Moved("abaco_container_operation_seconds_count", ("operation", "run")) >= Messages, "every run is timed");
        Assert.True(Moved("abaco_store_operation_seconds_count", ("store", "executions"), ("operation", "upsert")) >= Messages,
            "execution record writes are timed");
        // Containers are removed after the entity hears the execution ended.
        await Eventually.TrueAsync(async () =>
                (await ScrapeAsync()).Sum("abaco_container_operation_seconds_count", ("operation", "remove")) -
                before.Sum("abaco_container_operation_seconds_count", ("operation", "remove")) >= Messages,
            Deadline, "the removal of every container to be timed");
        // No label carries an actor or execution id: the series stay few whatever users do.
        Assert.DoesNotContain(after.Samples, s => s.Labels.Values.Any(v => v.Contains(id) || executions.Any(v.Contains)));
    }

    [Fact(DisplayName = "Metrics: a busy worker and waiting messages show in queue depth, workers by status and spawner slots, and leave with the actor")]
    public async Task QueueWorkersAndSlots()
    {
        var before = await ScrapeAsync();
        var id = await _client.CreateActorAsync(new { image = "abaco/test-sleep", default_environment = new { SLEEP_SECONDS = "300" } });
        for (var i = 0; i < 3; i++) await _client.SendAsync(id, "waits");

        // One worker (autoscaling is off in tests) runs the first message; the other two wait in the entity's queue.
        await Eventually.TrueAsync(async () =>
        {
            var now = await ScrapeAsync();
            return now.Sum("abaco_queued_messages") == 2 && now.Sum("abaco_node_workers", ("status", "BUSY")) == 1;
        }, Deadline, "two queued messages and one busy worker");
        var busy = await ScrapeAsync();
        Assert.True(busy.Sum("abaco_spawner_slots", ("state", "used")) >= 1, "the busy worker holds a slot");
        Assert.Equal(MetricsNodeFixture.Slots, busy.Sum("abaco_spawner_slots", ("state", "used")) +
                                               busy.Sum("abaco_spawner_slots", ("state", "free")));

        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/actors/{id}")).Status);
        await Eventually.TrueAsync(async () =>
        {
            var now = await ScrapeAsync();
            // The two messages that never ran end ERROR with their actor, and are counted so.
            return now.Sum("abaco_queued_messages") == 0 && now.Sum("abaco_node_workers", ("status", "BUSY")) == 0 &&
                   now.Sum("abaco_executions_total", ("status", "ERROR")) -
                   before.Sum("abaco_executions_total", ("status", "ERROR")) >= 2;
        }, Deadline, "the deleted actor's queue and worker to leave the gauges, its executions counted ERROR");
    }

    [Fact(DisplayName = "Metrics: a single node counts itself the one Up cluster member, none unreachable, with process and GC metrics")]
    public async Task ClusterAndProcess()
    {
        var metrics = await ScrapeAsync();

        Assert.Equal(1, metrics.Sum("abaco_cluster_members", ("status", "Up")));
        Assert.Equal(1, metrics.Sum("abaco_cluster_members"));
        Assert.Equal(0, metrics.Sum("abaco_cluster_unreachable_members"));
        Assert.True(metrics.Sum("abaco_node_gc_heap_bytes") > 0, "the managed heap is reported");
        Assert.True(metrics.Sum("process_cpu_seconds_total") > 0, "process metrics are exported");
        Assert.NotEmpty(metrics.Matching("dotnet_collection_count_total"));
    }
}
