using Prometheus;

namespace Abaco.Metrics;

/// <summary>
/// One owner's part of a node-wide gauge (an entity's queue, a worker's status): the owner says what it holds now and
/// the gauge moves by the difference, so the gauge is the sum over live owners without a scan. <see cref="Clear"/>
/// when the owner stops takes its part out. Used from one actor at a time, like the actor's own state.
/// </summary>
public sealed class GaugeShare(Gauge gauge)
{
    private double _held;

    public void Set(double value)
    {
        gauge.Inc(value - _held);
        _held = value;
    }

    public void Clear() => Set(0);
}

/// <summary>One owner counted under the label of its current status in a node-wide gauge.</summary>
public sealed class StatusShare(Gauge gauge)
{
    private string? _status;

    public void Set(string status)
    {
        if (status == _status) return;
        Clear();
        gauge.WithLabels(status).Inc();
        _status = status;
    }

    public void Clear()
    {
        if (_status is not null) gauge.WithLabels(_status).Dec();
        _status = null;
    }
}
