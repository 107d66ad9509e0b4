namespace Abaco.Core.Workers;

public enum IdleAction { Keep, StopForTtl, ScaleDown }

/// <summary>
/// What to do with a worker whose idle deadline came: stop it (TTL, or the autoscaler), or keep it and look again at
/// <see cref="RecheckAt"/> (null: when it next becomes idle).
/// </summary>
public sealed record IdleVerdict(IdleAction Action, DateTime? RecheckAt = null)
{
    public static readonly IdleVerdict StopForTtl = new(IdleAction.StopForTtl);
    public static readonly IdleVerdict ScaleDown = new(IdleAction.ScaleDown);

    public static IdleVerdict KeepUntil(DateTime? recheckAt) => new(IdleAction.Keep, recheckAt);
}
