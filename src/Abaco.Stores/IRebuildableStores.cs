namespace Abaco.Stores;

/// <summary>
/// A backend part of which is a projection that can lose its data and must be refilled from the journal and the
/// SQL stores: Redis in the production profile (a restart without persistence, a failover to an empty replica, a
/// <c>FLUSHALL</c>). The projection carries a generation marker; a projection without one is new or emptied.
/// </summary>
public interface IRebuildableStores
{
    /// <summary>
    /// True when the projection holds no generation marker (it is new, or lost its data since the marker was
    /// written); the marker is written in the same step, so across nodes exactly one caller is told to rebuild.
    /// </summary>
    Task<bool> ClaimRebuildAsync(CancellationToken ct = default);
}
