using Abaco.Metrics;

namespace Abaco.Runtime.Spawner;

/// <summary>
/// The workers this node's spawners run at once (<c>spawner.max_workers_per_host</c>), shared by all of them: hosting
/// makes one per node and gives it to every spawner it starts.
/// </summary>
public sealed class HostSlots
{
    private int _used;

    public HostSlots(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        Reported(0);
    }

    public int Capacity { get; }

    public int Used => Volatile.Read(ref _used);

    public bool TryAcquire()
    {
        while (true)
        {
            var used = Volatile.Read(ref _used);
            if (used >= Capacity) return false;
            if (Interlocked.CompareExchange(ref _used, used + 1, used) == used) return Reported(used + 1);
        }
    }

    public void Release() => Reported(Interlocked.Decrement(ref _used));

    /// <summary><c>abaco_spawner_slots</c>; two spawners changing it at once may leave it one step behind until the next change.</summary>
    private bool Reported(int used)
    {
        AbacoMetrics.SpawnerSlots.WithLabels("used").Set(used);
        AbacoMetrics.SpawnerSlots.WithLabels("free").Set(Capacity - used);
        return true;
    }
}
