using System.Collections.Immutable;
using Abaco.Core.Ids;

namespace Abaco.Protocol;

/// <summary>
/// The admin console's questions to the nodes and the entities: the node a command host runs on asks every member's
/// node agent (<c>/user/abaco-admin</c>) and, for <c>actor inspect</c>, the actor's entity.
/// </summary>
public static class AdminProtocol
{
    /// <summary>Admin → an actor's entity, in any behaviour. Reply: <see cref="ActorInspection"/>.</summary>
    public sealed record InspectActor(ActorKey ActorKey) : ActorCommands.IActorCommand;

    /// <param name="Node">The address of the node whose region holds the entity.</param>
    /// <param name="SequenceNr">The journal sequence number of the entity's last event.</param>
    /// <param name="LastError">The actor's status message when it is in ERROR.</param>
    public sealed record ActorInspection(string DbId, bool Exists, string Behaviour, string Status, string Node,
        long SequenceNr, int Pending, ImmutableArray<string> Running, ImmutableArray<InspectedWorker> Workers,
        string? LastError) : IAbacoProtocolMember;

    /// <param name="Node">The address of the worker's node, empty until it reported.</param>
    public sealed record InspectedWorker(string Id, string Status, string HostId, string Node, string ContainerId,
        string? Execution);

    /// <summary>Admin → a node agent. Reply: <see cref="NodeDescription"/>.</summary>
    public sealed record DescribeNode : IAbacoProtocolMember;

    /// <summary>Admin → a node agent: drain (or undrain) every spawner of the node. Reply: <see cref="NodeDescription"/>.</summary>
    public sealed record DrainSpawners(bool Drained) : IAbacoProtocolMember;

    /// <summary>What a node runs: its spawners and their workers, the host's slots and Abaco's containers there.</summary>
    public sealed record NodeDescription(string Address, string HostId, ImmutableArray<string> Roles, string Version,
        ImmutableArray<SpawnerDescription> Spawners, int SlotsUsed, int SlotsCapacity, int Containers)
        : IAbacoProtocolMember;

    /// <param name="Workers">The ids of the workers it runs.</param>
    /// <param name="Waiting">The ids of the workers waiting for a free slot.</param>
    public sealed record SpawnerDescription(string Queue, bool Drained, ImmutableArray<string> Workers,
        ImmutableArray<string> Waiting);

    /// <summary>Admin → a node agent: the entities its shard region holds. Reply: <see cref="NodeEntities"/>.</summary>
    public sealed record ListEntities : IAbacoProtocolMember;

    public sealed record NodeEntities(string Address, ImmutableArray<EntityPlacement> Entities) : IAbacoProtocolMember;

    public sealed record EntityPlacement(string ShardId, string DbId);

    /// <summary>
    /// Admin → a spawner node's agent: remove this host's containers labelled as Abaco's whose worker is not in
    /// <see cref="LiveWorkers"/> (only list them when <see cref="DryRun"/>). Reply: <see cref="ContainersReconciled"/>.
    /// </summary>
    public sealed record ReconcileContainers(bool DryRun, ImmutableArray<string> LiveWorkers) : IAbacoProtocolMember;

    public sealed record ContainersReconciled(string Address, ImmutableArray<OrphanContainer> Containers, string? Problem)
        : IAbacoProtocolMember;

    public sealed record OrphanContainer(string Id, string Name, string WorkerId, string ActorDbId, string State);
}
