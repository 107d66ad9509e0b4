namespace Abaco.Runtime.Spawner;

/// <summary>
/// The workers this node's spawners run at once (<c>spawner.max_workers_per_host</c>), shared by all of them: hosting
/// makes one per node and gives it to every spawner it starts.
/// </summary>
public sealed class HostSlots(int capacity)
{
    private int _used;

    public int Capacity { get; } = Math.Max(1, capacity);

    public int Used => Volatile.Read(ref _used);

    public bool TryAcquire()
    {
        while (true)
        {
            var used = Volatile.Read(ref _used);
            if (used >= Capacity) return false;
            if (Interlocked.CompareExchange(ref _used, used + 1, used) == used) return true;
        }
    }

    public void Release() => Interlocked.Decrement(ref _used);
}
