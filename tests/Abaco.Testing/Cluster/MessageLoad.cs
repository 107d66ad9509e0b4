using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Abaco.Testing.Cluster;

/// <summary>A message the API accepted: it must end COMPLETE or ERROR with a reason, whatever happens to the nodes.</summary>
public sealed record AcceptedMessage(string ActorId, string ExecutionId, TimeSpan Started, TimeSpan Latency);

/// <summary>A request that did not get a 200: when it was sent, through which node, and why.</summary>
public sealed record FailedRequest(string ActorId, TimeSpan Started, Uri Via, string Reason);

/// <summary>
/// Constant message load on a cluster: messages offered at a fixed rate, round robin over several actors (so they land
/// on shards of every core node) and over the api nodes given, each request on its own (a request stuck on a lost node
/// does not hold back the next). Records what was accepted and what failed, on one clock, so a test can say what
/// happened around a node event and then check that nothing accepted was lost.
/// </summary>
public sealed class MessageLoad : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(45);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<AcceptedMessage> _accepted = [];
    private readonly List<FailedRequest> _failed = [];
    private readonly List<Task> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = RequestTimeout };
    private readonly IReadOnlyList<string> _actors;
    private readonly Func<IReadOnlyList<Uri>> _apis;
    private Task _offering = Task.CompletedTask;

    private MessageLoad(IReadOnlyList<string> actors, Func<IReadOnlyList<Uri>> apis)
    {
        _actors = actors;
        _apis = apis;
    }

    public IReadOnlyList<string> Actors => _actors;
    public TimeSpan Now => _clock.Elapsed;
    public IReadOnlyList<AcceptedMessage> Accepted { get { lock (_accepted) return _accepted.ToList(); } }
    public IReadOnlyList<FailedRequest> Failed { get { lock (_failed) return _failed.ToList(); } }

    /// <summary>
    /// Registers <paramref name="actors"/> actors of <paramref name="image"/> and starts offering
    /// <paramref name="perSecond"/> messages a second through the api nodes <paramref name="apis"/> names at each
    /// moment (a node being restarted can be left out while it is down).
    /// </summary>
    public static async Task<MessageLoad> StartAsync(Func<IReadOnlyList<Uri>> apis, int actors, double perSecond,
        string image = "abaco/test-busybox")
    {
        using var client = new AbacoClient(apis()[0]);
        var ids = new List<string>();
        for (var i = 0; i < actors; i++)
            ids.Add(await RegisterAsync(client, new { image, name = $"load-{i}" }));
        var load = new MessageLoad(ids, apis);
        load._offering = load.OfferAsync(TimeSpan.FromSeconds(1 / perSecond));
        return load;
    }

    /// <summary>
    /// Registers an actor, asking again while the cluster answers 503 (a cluster that has just formed may still be
    /// placing its first shards; the load is about what happens after that).
    /// </summary>
    private static async Task<string> RegisterAsync(AbacoClient client, object description)
    {
        Answer? answer = null;
        await Eventually.TrueAsync(async () =>
            (answer = await client.PostJsonAsync("/actors", description)).Status != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(120), "the cluster to register an actor");
        return answer!.Status == HttpStatusCode.OK
            ? answer.Result.GetProperty("id").GetString()!
            : throw new InvalidOperationException($"POST /actors failed: {answer.Body}");
    }

    private async Task OfferAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        var n = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var apis = _apis();
                var send = SendOneAsync(_actors[n % _actors.Count], apis[n % apis.Count], n);
                lock (_inFlight) _inFlight.Add(send);
                n++;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task SendOneAsync(string actorId, Uri api, int n)
    {
        var started = _clock.Elapsed;
        try
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = $"load {n}" });
            using var response = await _http.PostAsync(new Uri(api, $"/actors/{actorId}/messages"), content);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var id = JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("execution_id").GetString()!;
                lock (_accepted) _accepted.Add(new AcceptedMessage(actorId, id, started, _clock.Elapsed - started));
            }
            else
            {
                Fail(actorId, started, api, $"{(int)response.StatusCode} {body}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            Fail(actorId, started, api, e.GetType().Name + ": " + e.Message);
        }
    }

    private void Fail(string actorId, TimeSpan started, Uri via, string reason)
    {
        lock (_failed) _failed.Add(new FailedRequest(actorId, started, via, reason));
    }

    /// <summary>Stops offering and waits for the requests in flight to be answered (or to time out).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _offering;
        Task[] inFlight;
        lock (_inFlight) inFlight = _inFlight.ToArray();
        await Task.WhenAll(inFlight);
    }

    /// <summary>
    /// How long after <paramref name="since"/> the API answered again for every actor: per actor, the first accept of
    /// a request sent after that moment; the slowest actor counts. Null if some actor never answered again.
    /// </summary>
    public TimeSpan? AnsweredAgainAfter(TimeSpan since)
    {
        var accepted = Accepted;
        var perActor = _actors.Select(actor => accepted
            .Where(a => a.ActorId == actor && a.Started >= since)
            .Select(a => (TimeSpan?)(a.Started + a.Latency - since))
            .Min()).ToList();
        return perActor.Any(t => t is null) ? null : perActor.Max();
    }

    /// <summary>Waits (up to a minute) until <paramref name="count"/> more messages than now are accepted.</summary>
    public Task AcceptedMoreAsync(int count, string what)
    {
        var before = Accepted.Count;
        return Eventually.TrueAsync(() => Task.FromResult(Accepted.Count >= before + count), TimeSpan.FromSeconds(60), what);
    }

    /// <summary>Stops offering messages, then waits until every accepted one has ended (see <see cref="WaitAllEndedAsync"/>).</summary>
    public async Task<LoadOutcome> StopAndWaitAllEndedAsync(Uri api, TimeSpan deadline)
    {
        await StopAsync();
        return await WaitAllEndedAsync(api, deadline);
    }

    /// <summary>
    /// Waits until every accepted message has ended, reading through <paramref name="api"/>; returns how they ended.
    /// Fails if an execution is missing or still not finished at the deadline.
    /// </summary>
    public async Task<LoadOutcome> WaitAllEndedAsync(Uri api, TimeSpan deadline)
    {
        using var client = new AbacoClient(api);
        var pending = Accepted.ToList();
        var ended = new List<(AcceptedMessage Message, string Status, string Reason)>();
        var lastSeen = new Dictionary<string, string>();
        try
        {
            await Eventually.TrueAsync(() => EndedAsync(client, pending, ended, lastSeen), deadline,
                "every accepted message to end", TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException e)
        {
            var statuses = pending.GroupBy(p => lastSeen.GetValueOrDefault(p.ExecutionId, "unread"))
                .Select(g => $"{g.Count()} {g.Key}");
            throw new TimeoutException($"{e.Message} {pending.Count} of {ended.Count + pending.Count} have not " +
                $"({string.Join(", ", statuses)}), e.g. " +
                string.Join(", ", pending.Take(10).Select(p => $"{p.ActorId}/{p.ExecutionId}")), e);
        }
        return new LoadOutcome(ended.Count(e => e.Status == "COMPLETE"),
            ended.Where(e => e.Status == "ERROR").Select(e => (e.Message.ExecutionId, e.Reason)).ToList());
    }

    private static async Task<bool> EndedAsync(AbacoClient client, List<AcceptedMessage> pending,
        List<(AcceptedMessage Message, string Status, string Reason)> ended, Dictionary<string, string> lastSeen)
    {
        foreach (var message in pending.ToList())
        {
            var answer = await client.GetAsync($"/actors/{message.ActorId}/executions/{message.ExecutionId}");
            lastSeen[message.ExecutionId] = answer.Status == HttpStatusCode.OK
                ? answer.Result.GetProperty("status").GetString()!
                : $"HTTP {(int)answer.Status}";
            if (answer.Status != HttpStatusCode.OK) continue;
            var status = lastSeen[message.ExecutionId];
            if (status is not ("COMPLETE" or "ERROR")) continue;
            ended.Add((message, status, answer.Result.TryGetProperty("status_message", out var m) ? m.ToString() : ""));
            pending.Remove(message);
        }
        return pending.Count == 0;
    }

    /// <summary>
    /// Pairs of COMPLETE executions of one load actor whose runs overlap in time. An actor has one worker (no
    /// autoscaling in tests), so its executions run one after the other unless two live copies of its entity each
    /// started a worker.
    /// </summary>
    public async Task<IReadOnlyList<string>> OverlappingRunsAsync(Uri api)
    {
        using var client = new AbacoClient(api);
        var overlaps = new List<string>();
        foreach (var actor in _actors)
        {
            var timed = (await client.GetAsync($"/actors/{actor}/executions")).Result.GetProperty("executions")
                .EnumerateArray()
                .Where(e => e.GetProperty("status").GetString() == "COMPLETE")
                .Select(e => (Id: e.GetProperty("id").GetString()!, Start: Time(e, "start_time"), Finish: Time(e, "finish_time")))
                .ToList();
            timed.Sort((a, b) => a.Start.CompareTo(b.Start));
            overlaps.AddRange(timed.Zip(timed.Skip(1))
                .Where(pair => pair.Second.Start < pair.First.Finish)
                .Select(pair => $"{actor}: {pair.First.Id} ran until {pair.First.Finish:O}, {pair.Second.Id} started {pair.Second.Start:O}"));
        }
        return overlaps;
    }

    private static DateTime Time(JsonElement execution, string field) =>
        DateTime.Parse(execution.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);

    /// <summary>p50 and p99 of the accepted requests' latencies, in milliseconds.</summary>
    public (double P50, double P99) AcceptLatency()
    {
        var sorted = Accepted.Select(a => a.Latency.TotalMilliseconds).Order().ToList();
        double At(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return (At(0.50), At(0.99));
    }

    public string Summary() =>
        $"{Accepted.Count} accepted, {Failed.Count} failed requests; accept latency p50 {AcceptLatency().P50:0} ms, p99 {AcceptLatency().P99:0} ms";

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
        _http.Dispose();
    }
}

/// <summary>How the accepted messages ended: how many COMPLETE, and each ERROR with its reason.</summary>
public sealed record LoadOutcome(int Complete, IReadOnlyList<(string ExecutionId, string Reason)> Errors);
