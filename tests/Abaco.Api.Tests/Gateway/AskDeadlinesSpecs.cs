using Abaco.Api.Gateway;

namespace Abaco.Api.Tests.Gateway;

/// <summary>The gateway's coarse deadlines, on a clock the spec moves by hand.</summary>
public sealed class AskDeadlinesSpecs
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_deadline_fires_once_its_time_has_come_and_never_before()
    {
        var clock = new ManualClock();
        using var deadlines = new AskDeadlines(clock, Tick);
        clock.Advance(TimeSpan.FromMilliseconds(30));
        var deadline = deadlines.After(TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(deadline.IsCancellationRequested);
        clock.Advance(Tick);
        Assert.True(deadline.IsCancellationRequested);
    }

    [Fact]
    public void Deadlines_fire_in_their_own_order()
    {
        var clock = new ManualClock();
        using var deadlines = new AskDeadlines(clock, Tick);
        var (soon, later) = (deadlines.After(TimeSpan.FromSeconds(1)), deadlines.After(TimeSpan.FromSeconds(5)));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(soon.IsCancellationRequested);
        Assert.False(later.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True(later.IsCancellationRequested);
    }

    /// <summary>A clock whose time moves only when the spec says, running its timers' callbacks as it passes them.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(callback, state, _now + dueTime.Ticks, period.Ticks);
            _timers.Add(timer);
            return timer;
        }

        /// <summary>Moves the time in steps of the timers' periods, so each fires as often as it would have.</summary>
        public void Advance(TimeSpan by)
        {
            var end = _now + by.Ticks;
            while (_timers.Where(t => !t.Disposed && t.Due <= end).MinBy(t => t.Due) is { } next)
            {
                _now = Math.Max(_now, next.Due);
                next.Fire();
            }
            _now = end;
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, long due, long period) : ITimer
    {
        public long Due { get; private set; } = due;
        public bool Disposed { get; private set; }

        public void Fire()
        {
            Due += period;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();
        public void Dispose() => Disposed = true;
        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
