using Abaco.Core.Actors;
using Abaco.Core.Cron;
using Abaco.Protocol;
using Abaco.Runtime.Actors;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Tests;

/// <summary>original-abaco.md §3.10: cron runs from a timer in the actor's entity; missed runs collapse into one.</summary>
public sealed class CronSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-cron-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;
    private readonly ManualClock _clock = new(new DateTime(2026, 11, 29, 10, 20, 0, DateTimeKind.Utc));
    private readonly Abaco.Core.Settings.AbacoSettings _settings = Fixtures.Settings with
    {
        Workers = Fixtures.Settings.Workers with { InitCount = 0, Autoscaling = false },
    };

    public CronSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _stores = new SqliteStores(_dbFile);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    private IActorRef Entity() => Sys.ActorOf(ActorEntity.Props(Fixtures.DbId, _settings, _stores, _clock,
        ActorEntity.Timings.Default with
        {
            ReconcileWindow = TimeSpan.FromMilliseconds(300),
            ClaimGrace = TimeSpan.FromMilliseconds(300),
        }));

    private async Task<IReadOnlyList<string>> CronRunsAsync() =>
        (await _stores.Executions.ListAsync(Fixtures.DbId)).Where(e => e.Executor == "cron").Select(e => e.Id).ToList();

    [Fact(DisplayName = "A schedule starting now runs at once, turns cron on and moves cron_next_ex to the next run")]
    public async Task Runs_at_start()
    {
        var entity = Entity();
        entity.Tell(new RegisterActor(Fixtures.Key,
            ActorDefinition.ForImage("abaco/test-busybox") with { CronSchedule = "now + 1 hour" }, "owner", "http://api"));
        var reply = ExpectMsg<ActorReply>();
        Assert.True(reply.Actor!.Definition.CronOn);

        await AwaitConditionAsync(async () => (await CronRunsAsync()).Count == 1, TimeSpan.FromSeconds(10));
        await AwaitConditionAsync(async () => (await _stores.Actors.GetAsync(Fixtures.DbId))?.CronNextEx == "2026-11-29 11",
            TimeSpan.FromSeconds(10));
        entity.Tell(new GetMessageCount(Fixtures.Key));
        Assert.Equal(1, ExpectMsg<MessageCount>().Count);
    }

    [Fact(DisplayName = "After downtime the missed runs become one run, and the next is after the current hour")]
    public async Task Catches_up_once()
    {
        var entity = Entity();
        entity.Tell(new RegisterActor(Fixtures.Key,
            ActorDefinition.ForImage("abaco/test-busybox") with { CronSchedule = "now + 2 hours" }, "owner", "http://api"));
        ExpectMsg<ActorReply>();
        await AwaitConditionAsync(async () => (await CronRunsAsync()).Count == 1, TimeSpan.FromSeconds(10));
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);

        _clock.Now = new DateTime(2026, 11, 29, 19, 5, 0, DateTimeKind.Utc); // runs at 12, 14, 16 and 18 were missed
        Entity().Tell(new Wake(Fixtures.Key));

        await AwaitConditionAsync(async () => (await CronRunsAsync()).Count == 2, TimeSpan.FromSeconds(10));
        await AwaitConditionAsync(async () => (await _stores.Actors.GetAsync(Fixtures.DbId))?.CronNextEx == "2026-11-29 20",
            TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, (await CronRunsAsync()).Count);
    }

    [Fact(DisplayName = "A PUT without cron_on turns cron off (as the original): nothing more runs")]
    public async Task Put_turns_cron_off()
    {
        var entity = Entity();
        var definition = ActorDefinition.ForImage("abaco/test-busybox") with { CronSchedule = "now + 1 hour" };
        entity.Tell(new RegisterActor(Fixtures.Key, definition, "owner", "http://api"));
        ExpectMsg<ActorReply>();
        await AwaitConditionAsync(async () => (await CronRunsAsync()).Count == 1, TimeSpan.FromSeconds(10));

        entity.Tell(new UpdateActor(Fixtures.Key, definition with { CronOn = false }, false));
        Assert.False(ExpectMsg<ActorReply>().Actor!.Definition.CronOn);
        _clock.Now = _clock.Now.AddHours(3);
        entity.Tell(new Wake(Fixtures.Key));

        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Single(await CronRunsAsync());
    }

    private sealed class ManualClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }
}
