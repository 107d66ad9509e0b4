using System.Collections.Concurrent;

namespace Abaco.Api.Gateway;

/// <summary>
/// Coarse deadlines for the gateway's asks, kept by one periodic timer instead of one timer per ask. A deadline is
/// the token of the tick its time falls in; each tick the sweep cancels every token whose time has come, so an ask
/// times out between its deadline and one tick later.
/// </summary>
/// <remarks>
/// Akka's own ask timeout arms a timer per call (a <see cref="CancellationTokenSource"/> with <c>CancelAfter</c>);
/// at a thousand requests a second the lock of the runtime's timer queue showed in the node's profile. Asks that
/// end at about the same time here share one token, and only the sweep touches a timer.
/// </remarks>
public sealed class AskDeadlines : IDisposable
{
    /// <summary>How late a deadline may fire at most; a tenth of a second against asks of seconds.</summary>
    public static readonly TimeSpan DefaultTick = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<long, CancellationTokenSource> _ticks = new();
    private readonly TimeProvider _clock;
    private readonly long _tickLength;
    private readonly ITimer _sweeper;

    public AskDeadlines(TimeProvider clock) : this(clock, DefaultTick)
    {
    }

    internal AskDeadlines(TimeProvider clock, TimeSpan tick)
    {
        _clock = clock;
        _tickLength = Math.Max(1, (long)(tick.TotalSeconds * clock.TimestampFrequency));
        _sweeper = clock.CreateTimer(static self => ((AskDeadlines)self!).Sweep(), this, tick, tick);
    }

    /// <summary>A token cancelled once <paramref name="timeout"/> has passed from now (at most one tick later).</summary>
    public CancellationToken After(TimeSpan timeout)
    {
        var due = _clock.GetTimestamp() + (long)(timeout.TotalSeconds * _clock.TimestampFrequency);
        // Rounded up, so a deadline never fires early.
        var tick = (due + _tickLength - 1) / _tickLength;
        return _ticks.GetOrAdd(tick, static _ => new CancellationTokenSource()).Token;
    }

    /// <summary>Cancels every deadline whose tick has begun.</summary>
    private void Sweep()
    {
        var now = _clock.GetTimestamp() / _tickLength;
        foreach (var (tick, source) in _ticks)
        {
            // A token handed out after its tick was swept gets a fresh source, cancelled at the next sweep. The
            // sources are not disposed: one without a timer holds nothing to release, and an ask may still be
            // registering on it.
            if (tick <= now && _ticks.TryRemove(tick, out _)) source.Cancel();
        }
    }

    public void Dispose() => _sweeper.Dispose();
}
