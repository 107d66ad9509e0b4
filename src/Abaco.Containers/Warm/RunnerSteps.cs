using System.Globalization;

namespace Abaco.Containers.Warm;

/// <summary>
/// When the runner did each step of one execution, in CLOCK_MONOTONIC nanoseconds: the host's clock, which a
/// container shares and <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> reads on Linux, so the worker can
/// place them between its own request and the answer.
/// </summary>
public sealed record RunnerSteps(long RequestRead, long Forking, long ExecSeen, long Reaped, long Answering)
{
    /// <summary>The five times of an exit answer; null when there are not five numbers, or they go backwards.</summary>
    public static RunnerSteps? Parse(ReadOnlySpan<string> numbers)
    {
        if (numbers.Length != 5) return null;
        var times = new long[5];
        for (var i = 0; i < 5; i++)
            if (!long.TryParse(numbers[i], CultureInfo.InvariantCulture, out times[i]) || (i > 0 && times[i] < times[i - 1]))
                return null;
        return new RunnerSteps(times[0], times[1], times[2], times[3], times[4]);
    }
}
