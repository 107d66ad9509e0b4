using System.Collections.Immutable;

namespace Abaco.Runtime.Spawner;

/// <summary>What the node's admin agent asks of a <see cref="SpawnerActor"/> of the same node (never remote).</summary>
public static class SpawnerAdmin
{
    /// <summary>Reply: <see cref="SpawnerState"/>.</summary>
    public sealed record GetState
    {
        public static readonly GetState Instance = new();
    }

    /// <summary>
    /// Drained: the spawner starts no new worker; requests (new, and those waiting for a slot) go to another spawner
    /// of the queue. Its running workers carry on. Reply: <see cref="SpawnerState"/>.
    /// </summary>
    public sealed record SetDrained(bool Drained);

    public sealed record SpawnerState(string Queue, bool Drained, ImmutableArray<string> Workers,
        ImmutableArray<string> Waiting);
}
