using System.Collections.Concurrent;
using Abaco.Containers;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Logs;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Runtime.Workers;
using Abaco.Stores;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// What the worker enforces around a run (original-abaco.md §3.5, §3.6): <c>workers.max_run_time</c>, the logs' time to live
/// and the truncation of long logs, against a scripted container runtime and a log store that records every write.
/// </summary>
public sealed class LimitsWorkerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset Clock = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly RecordingRuntime _runtime = new();
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-limits-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _sqlite;
    private readonly RecordingStores _stores;

    public LimitsWorkerSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _sqlite = new SqliteStores(_dbFile);
        _stores = new RecordingStores(_sqlite);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _sqlite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    /// <summary>A worker with the given settings, ready, running execution e1 of an actor with the given log_ex.</summary>
    private async Task<(Akka.TestKit.TestProbe Entity, TimeSpan? MaxRunTime, TaskCompletionSource<ContainerOutcome> Exit,
        StartedContainer Container, Func<string, Task> LiveLogs)> RunAsync(AbacoSettings settings, int? logEx = null)
    {
        var entity = CreateTestProbe();
        var services = new WorkerServices(settings, _runtime, _stores, new Fixtures.ReversedCipher(), new FixedClock(Clock));
        var worker = Sys.ActorOf(WorkerActor.Props(new StartWorker(Fixtures.Key, new WorkerId("w1"), "abaco/test-busybox", 1),
            services, entity.Ref, WorkerTimings.Default));
        _runtime.Scripted.Image.TrySetResult();
        entity.FishForMessage(m => m is WorkerStatusReport { Status: WorkerStatus.Ready }, TimeSpan.FromSeconds(10));

        var actor = Fixtures.Actor() with { Definition = ActorDefinition.ForImage("abaco/test-busybox") with { LogEx = logEx } };
        worker.Tell(new RunExecution(actor, Fixtures.Message("e1")), entity.Ref);
        entity.ExpectMsg<ExecutionStarted>();
        await AwaitConditionAsync(() => Task.FromResult(!_runtime.Scripted.Waiting.IsEmpty && !_runtime.Scripted.Followed.IsEmpty));
        _runtime.Scripted.Waiting.TryDequeue(out var wait);
        _runtime.Scripted.Followed.TryDequeue(out var followed);
        return (entity, _runtime.MaxRunTimes.Single(), wait.Exit, wait.Container, followed.OnLogs);
    }

    private static AbacoSettings With(Func<WorkerSettings, WorkerSettings>? workers = null,
        Func<WebSettings, WebSettings>? web = null) => Fixtures.Settings with
    {
        Workers = (workers ?? (w => w))(Fixtures.Settings.Workers),
        Web = (web ?? (w => w))(Fixtures.Settings.Web),
    };

    [Fact(DisplayName = "workers.max_run_time is the time the container is given; the stopped execution finishes with its logs")]
    public async Task Max_run_time_is_passed_on()
    {
        var run = await RunAsync(With(workers: w => w with { MaxRunTime = 7 }));
        Assert.Equal(TimeSpan.FromSeconds(7), run.MaxRunTime);

        // The runtime stops the container at the deadline and says so.
        run.Exit.SetResult(ScriptedContainerRuntime.Outcome(run.Container, 143, "sleeping 60\nterminated\n", stopped: true));

        var finished = run.Entity.ExpectMsg<ExecutionFinished>();
        Assert.True(finished.Halted);
        Assert.Equal("sleeping 60\nterminated\n", await _stores.Logs.GetAsync("e1"));
    }

    [Theory(DisplayName = "workers.max_run_time of -1 (or 0) leaves containers unlimited")]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task No_max_run_time(int seconds)
    {
        var run = await RunAsync(With(workers: w => w with { MaxRunTime = seconds }));
        Assert.Null(run.MaxRunTime);
        run.Exit.SetResult(ScriptedContainerRuntime.Outcome(run.Container, 0, "done"));
        run.Entity.ExpectMsg<ExecutionFinished>();
    }

    [Fact(DisplayName = "Final logs expire the actor's log_ex after the container finished; live logs that long after each write")]
    public async Task Logs_expire_after_the_actors_log_ex()
    {
        var run = await RunAsync(With(), logEx: 30);

        await run.LiveLogs("line 1\n");
        Assert.Equal(Clock.UtcDateTime.AddSeconds(30), _stores.RecordingLogs.Writes.Single().ExpiresAt);

        var outcome = ScriptedContainerRuntime.Outcome(run.Container, 0, "line 1\nline 2\n");
        run.Exit.SetResult(outcome);
        run.Entity.ExpectMsg<ExecutionFinished>();
        var last = _stores.RecordingLogs.Writes.Last();
        Assert.Equal("line 1\nline 2\n", last.Logs);
        Assert.Equal(outcome.FinishTime.AddSeconds(30), last.ExpiresAt);
    }

    [Fact(DisplayName = "Without the actor's log_ex logs are kept web.log_ex seconds; web.log_ex = -1 keeps them forever")]
    public async Task Logs_default_and_forever()
    {
        var run = await RunAsync(With(web: w => w with { LogEx = 600 }));
        var outcome = ScriptedContainerRuntime.Outcome(run.Container, 0, "kept");
        run.Exit.SetResult(outcome);
        run.Entity.ExpectMsg<ExecutionFinished>();
        Assert.Equal(outcome.FinishTime.AddSeconds(600), _stores.RecordingLogs.Writes.Last().ExpiresAt);

        _runtime.MaxRunTimes.Clear();
        var forever = await RunAsync(With(web: w => w with { LogEx = -1 }), logEx: 5);
        await forever.LiveLogs("live");
        forever.Exit.SetResult(ScriptedContainerRuntime.Outcome(forever.Container, 0, "kept forever"));
        forever.Entity.ExpectMsg<ExecutionFinished>();
        Assert.All(_stores.RecordingLogs.Writes.TakeLast(2), w => Assert.Null(w.ExpiresAt));
    }

    [Fact(DisplayName = "The actor's tenant's web.{tenant}_log_ex replaces web.log_ex; other tenants keep the global one")]
    public async Task Tenant_log_ex()
    {
        var settings = With(web: w => w with { LogEx = 600 }) with
        {
            Tenants = TenantOverrides.None.Add("test", new TenantOverrides { LogEx = 60 }),
        };
        var run = await RunAsync(settings);
        var outcome = ScriptedContainerRuntime.Outcome(run.Container, 0, "tenant's own");
        run.Exit.SetResult(outcome);
        run.Entity.ExpectMsg<ExecutionFinished>();

        Assert.Equal(outcome.FinishTime.AddSeconds(60), _stores.RecordingLogs.Writes.Last().ExpiresAt);
    }

    [Fact(DisplayName = "Logs over 1,000,000 characters are stored cut to web.max_log_length with the TRUNCATED notice, live and final")]
    public async Task Long_logs_are_truncated()
    {
        var run = await RunAsync(With(web: w => w with { MaxLogLength = 12 }));
        var huge = "live output " + new string('x', LogTruncation.Threshold);

        await run.LiveLogs(huge);
        Assert.Equal("live output " + LogTruncation.Notice, await _stores.Logs.GetAsync("e1"));

        run.Exit.SetResult(ScriptedContainerRuntime.Outcome(run.Container, 0, "final output" + new string('y', LogTruncation.Threshold)));
        run.Entity.ExpectMsg<ExecutionFinished>();
        Assert.Equal("final output" + LogTruncation.Notice, await _stores.Logs.GetAsync("e1"));
    }

    [Fact(DisplayName = "Logs of at most 1,000,000 characters are stored whole")]
    public async Task Short_logs_are_whole()
    {
        var run = await RunAsync(With(web: w => w with { MaxLogLength = 12 }));
        var logs = new string('z', LogTruncation.Threshold);
        run.Exit.SetResult(ScriptedContainerRuntime.Outcome(run.Container, 0, logs));
        run.Entity.ExpectMsg<ExecutionFinished>();
        Assert.Equal(logs, await _stores.Logs.GetAsync("e1"));
    }

    // ---------------------------------------------------------------- test doubles

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The scripted runtime, remembering the max run time each wait was given.</summary>
    private sealed class RecordingRuntime : IContainerRuntime
    {
        public ScriptedContainerRuntime Scripted { get; } = new();
        public ConcurrentQueue<TimeSpan?> MaxRunTimes { get; } = new();

        public Task EnsureImageAsync(string image, CancellationToken ct) => Scripted.EnsureImageAsync(image, ct);

        public Task<StartedContainer> StartAsync(ContainerSpec spec, CancellationToken ct) => Scripted.StartAsync(spec, ct);

        public Task<ContainerOutcome> WaitAsync(StartedContainer container, TimeSpan? maxRunTime, CancellationToken halt)
        {
            MaxRunTimes.Enqueue(maxRunTime);
            return Scripted.WaitAsync(container, maxRunTime, halt);
        }

        public Task FollowLogsAsync(string containerId, Func<string, Task> onLogs, TimeSpan interval, CancellationToken ct) =>
            Scripted.FollowLogsAsync(containerId, onLogs, interval, ct);

        public Task RemoveAsync(string containerId, CancellationToken ct) => Scripted.RemoveAsync(containerId, ct);

        public Task<IReadOnlyList<ManagedContainer>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
            Scripted.ListAsync(labels, ct);
    }

    private sealed record LogWrite(string ExecutionId, string Logs, DateTime? ExpiresAt);

    /// <summary>Stores logs in SQLite (without expiry: the fixed clock is in the past) and records each write.</summary>
    private sealed class RecordingLogStore(ILogStore inner) : ILogStore
    {
        private readonly ConcurrentQueue<LogWrite> _writes = new();
        public IReadOnlyList<LogWrite> Writes => _writes.ToArray();

        public Task SetAsync(string executionId, string actorDbId, string tenant, string logs, DateTime? expiresAt,
            CancellationToken ct = default)
        {
            _writes.Enqueue(new LogWrite(executionId, logs, expiresAt));
            return inner.SetAsync(executionId, actorDbId, tenant, logs, null, ct);
        }

        public Task<string?> GetAsync(string executionId, CancellationToken ct = default) => inner.GetAsync(executionId, ct);

        public Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default) => inner.DeleteForActorAsync(actorDbId, ct);

        public Task<IReadOnlyList<StoredLog>> ListByTenantAsync(string tenant, CancellationToken ct = default) =>
            inner.ListByTenantAsync(tenant, ct);

        public Task<StorePage<SearchableLog>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
            CancellationToken ct = default) => inner.FindAsync(query, after, skip, limit, ct);

        public Task<int> CountAsync(StoreQuery query, CancellationToken ct = default) => inner.CountAsync(query, ct);
    }

    private sealed class RecordingStores(IAbacoStores inner) : DelegatingStores(inner)
    {
        public RecordingLogStore RecordingLogs { get; } = new(inner.Logs);
        public override ILogStore Logs => RecordingLogs;
    }
}
