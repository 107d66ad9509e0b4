using System.Diagnostics;
using Abaco.Containers.Warm;
using Abaco.Metrics;

namespace Abaco.Runtime.Workers;

/// <summary>
/// Times a warm worker's steps from one execution to the next into <see cref="AbacoMetrics.WarmExecutionSteps"/>, so
/// the bench (and an operator) can see where an execution's time goes: the hand-over by the entity, the preparation,
/// the runner's own steps (its times share the worker's monotonic clock) and storing the end. Used on the worker's
/// thread only.
/// </summary>
internal sealed class WarmStepClock
{
    // Stopwatch ticks are the runner's CLOCK_MONOTONIC nanoseconds only where the frequency is 1 GHz (Linux).
    private static readonly bool SharesRunnerClock = Stopwatch.Frequency == 1_000_000_000;

    private long _reported, _received, _prepared;

    /// <summary>An execution was handed over; from the last end reported, this was the entity's hand-over.</summary>
    public void Received()
    {
        _received = Stopwatch.GetTimestamp();
        if (_reported != 0) Observe("handover", _reported, _received);
        _reported = 0;
    }

    /// <summary>Configs, token and IPC are ready.</summary>
    public void Prepared()
    {
        _prepared = Stopwatch.GetTimestamp();
        if (_received != 0) Observe("prepare", _received, _prepared);
    }

    /// <summary>The end is about to be reported: every step from the request to the runner until now.</summary>
    public void Reporting(long requested, WarmOutcome outcome)
    {
        var now = Stopwatch.GetTimestamp();
        if (_prepared != 0) Observe("before_request", _prepared, requested);
        if (outcome.Runner is { } runner && SharesRunnerClock)
        {
            Observe("to_runner", requested, runner.RequestRead);
            Observe("runner_before_fork", runner.RequestRead, runner.Forking);
            Observe("runner_fork_to_exit", runner.Forking, runner.Reaped);
            Observe("runner_after_exit", runner.Reaped, runner.Answering);
            Observe("to_worker", runner.Answering, outcome.Answered);
        }
        else
        {
            Observe("request_to_answer", requested, outcome.Answered);
        }
        Observe("after_answer", outcome.Answered, now);
        (_reported, _received, _prepared) = (now, 0, 0);
    }

    /// <summary>An execution that did not end normally: the next hand-over is not timed.</summary>
    public void Reset() => (_reported, _received, _prepared) = (0, 0, 0);

    /// <summary>A step timed elsewhere (the entity's share of the hand-over), from <paramref name="from"/> until now.</summary>
    internal static void ObserveSince(string step, long from) => Observe(step, from, Stopwatch.GetTimestamp());

    private static void Observe(string step, long from, long to) =>
        AbacoMetrics.WarmExecutionSteps.WithLabels(step).Observe(Math.Max(0, to - from) / (double)Stopwatch.Frequency);
}
