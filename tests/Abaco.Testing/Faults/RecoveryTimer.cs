using System.Diagnostics;

namespace Abaco.Testing.Faults;

/// <summary>
/// Measures how long normal service takes to return after a fault: from <see cref="Start"/> until a condition holds,
/// polled with a deadline (the spec fails past it). The figure is what the README's Faults table reports.
/// </summary>
public static class RecoveryTimer
{
    public static Stopwatch Start() => Stopwatch.StartNew();

    /// <summary>Waits until <paramref name="recovered"/> holds and returns the time since <paramref name="since"/>.</summary>
    public static async Task<TimeSpan> UntilAsync(Stopwatch since, Func<Task<bool>> recovered, TimeSpan deadline,
        string what)
    {
        await Eventually.TrueAsync(recovered, deadline, what, TimeSpan.FromMilliseconds(100));
        return since.Elapsed;
    }
}
