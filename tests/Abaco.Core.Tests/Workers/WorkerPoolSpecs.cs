using Abaco.Core.Actors;
using Abaco.Core.Settings;
using Abaco.Core.Workers;

namespace Abaco.Core.Tests.Workers;

/// <summary>The entity's worker decisions, without an actor system: how many to request, who runs what, who stops.</summary>
public sealed class WorkerPoolSpecs
{
    private sealed record Handle(string Name);

    private static readonly DateTime T0 = Samples.T0;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private static readonly ScalingPolicy Autoscaled = new(Autoscaled: true, MaxWorkers: 3, Grace, WorkerTtl: null,
        SyncKeepWarm: null);

    private static readonly ScalingPolicy Fixed = Autoscaled with { Autoscaled = false };

    private static WorkerSlot<Handle> Slot(string id, string status = WorkerStatus.Ready, int revision = 1,
        bool reachable = true, DateTime? lastExecution = null) =>
        new(new WorkerRecord(id, "TEST", "actor", status, "abaco/test", revision, "", WorkerRecord.NoContainer, "", "",
            T0, lastExecution, null))
        {
            Handle = reachable ? new Handle(id) : null,
        };

    private static WorkerPool<Handle> Pool(params WorkerSlot<Handle>[] slots)
    {
        var pool = new WorkerPool<Handle>();
        foreach (var slot in slots) pool.Add(slot);
        return pool;
    }

    private static bool NothingRunning(string executionId) => false;

    [Fact(DisplayName = "Without autoscaling, one worker is requested when messages wait and no worker of the revision exists")]
    public void Ensure_one_worker()
    {
        Assert.Equal(1, Pool().WorkersToRequest(Fixed, 1, pendingCount: 5, NothingRunning));
        Assert.Equal(1, Pool(Slot("old", revision: 1)).WorkersToRequest(Fixed, 2, pendingCount: 5, NothingRunning));
        Assert.Equal(0, Pool(Slot("w1")).WorkersToRequest(Fixed, 1, pendingCount: 5, NothingRunning));
        Assert.Equal(0, Pool().WorkersToRequest(Fixed, 1, pendingCount: 0, NothingRunning));
    }

    [Fact(DisplayName = "Autoscaling requests one worker per waiting message no free worker takes, up to max_workers")]
    public void Scale_up_count()
    {
        var busy = Slot("busy", WorkerStatus.Busy);
        busy.CurrentExecution = "e0";
        var pool = Pool(busy, Slot("free"));

        Assert.Equal(1, pool.WorkersToRequest(Autoscaled, 1, pendingCount: 2, id => id == "e0"));
        Assert.Equal(1, pool.WorkersToRequest(Autoscaled, 1, pendingCount: 9, id => id == "e0")); // max 3
        Assert.Equal(0, pool.WorkersToRequest(Autoscaled, 1, pendingCount: 1, id => id == "e0"));
    }

    [Fact(DisplayName = "A message being handed over (not yet journalled as running) does not count as waiting")]
    public void Hand_over_is_not_waiting()
    {
        var taking = Slot("taking");
        taking.CurrentExecution = "e1";

        Assert.Equal(0, Pool(taking).WorkersToRequest(Autoscaled, 1, pendingCount: 1, NothingRunning));
        Assert.Equal(1, Pool(taking).WorkersToRequest(Autoscaled, 1, pendingCount: 1, id => id == "e1"));
    }

    [Fact(DisplayName = "Waiting messages go oldest first to idle reachable workers of the current revision, one each")]
    public void Dispatch_choice()
    {
        var pool = Pool(Slot("old", revision: 0), Slot("unreachable", reachable: false), Slot("busy", WorkerStatus.Busy),
            Slot("w1"), Slot("w2"));

        var assigned = pool.Assign([Samples.Message("e1"), Samples.Message("e2"), Samples.Message("e3")], revision: 1);

        Assert.Equal(new[] { ("w1", "e1"), ("w2", "e2") }, assigned.Select(a => (a.Worker.Record.Id, a.Message.ExecutionId)));
        Assert.True(pool.IsBeingDispatched("e2"));
        Assert.Empty(pool.Assign([Samples.Message("e1"), Samples.Message("e2")], revision: 1));
    }

    [Fact(DisplayName = "An idle worker is looked at again at the end of its grace (autoscaled) or its TTL, whichever comes first")]
    public void Idle_deadlines()
    {
        var slot = Slot("w1", lastExecution: T0);
        slot.IdleSince = T0;

        Assert.Equal(T0 + Grace, WorkerPool<Handle>.NextIdleDeadline(slot, Autoscaled));
        Assert.Null(WorkerPool<Handle>.NextIdleDeadline(slot, Fixed));
        Assert.Equal(T0.AddSeconds(2),
            WorkerPool<Handle>.NextIdleDeadline(slot, Autoscaled with { WorkerTtl = TimeSpan.FromSeconds(2) }));
        Assert.Equal(T0.AddSeconds(60),
            WorkerPool<Handle>.NextIdleDeadline(slot, Fixed with { WorkerTtl = TimeSpan.FromSeconds(60) }));
    }

    [Fact(DisplayName = "A worker never asked for by the queue and that never ran is not scaled down, only stopped by TTL")]
    public void Kept_until_it_ran()
    {
        var slot = Slot("init");
        slot.IdleSince = T0;

        Assert.Null(WorkerPool<Handle>.NextIdleDeadline(slot, Autoscaled));
        Assert.Equal(IdleAction.Keep, Pool(slot).JudgeIdle(slot, Autoscaled, 0, T0.AddHours(1)).Action);
    }

    [Fact(DisplayName = "When its deadline comes an idle worker is stopped by TTL, scaled down, or kept while messages wait")]
    public void Idle_verdicts()
    {
        var slot = Slot("w1", lastExecution: T0);
        slot.IdleSince = T0;
        var pool = Pool(slot);

        Assert.Equal(IdleVerdict.ScaleDown, pool.JudgeIdle(slot, Autoscaled, pendingCount: 0, T0 + Grace));
        Assert.Equal(IdleVerdict.StopForTtl,
            pool.JudgeIdle(slot, Fixed with { WorkerTtl = Grace }, pendingCount: 3, T0 + Grace));
        Assert.Equal(IdleVerdict.KeepUntil(T0 + Grace), pool.JudgeIdle(slot, Autoscaled, pendingCount: 0, T0.AddSeconds(1)));
        Assert.Equal(IdleAction.Keep, pool.JudgeIdle(slot, Autoscaled, pendingCount: 2, T0 + Grace).Action);
    }

    [Fact(DisplayName = "With the sync hint the most recently active idle worker is kept warm for sync_max_idle_time")]
    public void Sync_keeps_one_warm()
    {
        var recent = Slot("recent", lastExecution: T0.AddSeconds(10));
        var older = Slot("older", lastExecution: T0);
        recent.IdleSince = older.IdleSince = T0.AddSeconds(10);
        var pool = Pool(recent, older);
        var sync = Autoscaled with { SyncKeepWarm = TimeSpan.FromSeconds(60) };
        var now = T0.AddSeconds(20);

        Assert.Equal(IdleVerdict.KeepUntil(T0.AddSeconds(70)), pool.JudgeIdle(recent, sync, 0, now));
        Assert.Equal(IdleVerdict.ScaleDown, pool.JudgeIdle(older, sync, 0, now));
        Assert.Equal(IdleVerdict.ScaleDown, pool.JudgeIdle(recent, sync, 0, T0.AddSeconds(70)));
    }

    [Fact(DisplayName = "The policy follows the definition and the settings: max_workers, stateless, sync hint, worker_ttl")]
    public void Policy_from_settings()
    {
        var workers = AbacoSettings.Defaults.Workers with { Autoscaling = true, WorkerTtl = 30, SyncMaxIdleTime = 90 };
        var spawner = AbacoSettings.Defaults.Spawner with { MaxWorkersPerActor = 7 };
        var definition = ActorDefinition.ForImage("abaco/test") with { Hints = ["SYNC"] };

        var policy = ScalingPolicy.For(definition, workers, spawner, Grace);
        Assert.Equal(new ScalingPolicy(true, 7, Grace, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)), policy);

        var stateful = ScalingPolicy.For(definition with { Stateless = false, MaxWorkers = 2, Hints = [] },
            workers with { WorkerTtl = -1 }, spawner, Grace);
        Assert.Equal(new ScalingPolicy(false, 2, Grace, null, null), stateful);
    }
}
