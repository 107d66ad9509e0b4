using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Runtime.Actors;

/// <summary>Routes every <see cref="IWithActorKey"/> message to the entity named by its db id.</summary>
public sealed class ActorMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => (message as IWithActorKey)?.ActorKey.DbId;
}

public static class ActorEntityHosting
{
    public const string TypeName = "abaco-actor";

    /// <summary>
    /// Core nodes host the entities; other nodes reach them through a proxy. Idle entities passivate themselves
    /// (only when they have no workers), so automatic passivation is off.
    /// </summary>
    /// <remarks>
    /// Remember-entities keeps every entity with work alive on some core node, with no client touching it: an entity
    /// is remembered from its start until it passivates, which it does only when it has no queued message, no running
    /// execution, no worker and no cron schedule. When shards move (a node leaves, is downed, or a rebalance), the
    /// shard restarts its remembered entities on the new node at once; when the whole cluster restarts, the
    /// coordinator restarts them as soon as a core node is up. The store is event-sourced on the journal (not
    /// distributed data, which would need a durable local database per node) so it survives a full restart, and it
    /// is written only when an entity starts or stops, never per message. A periodic waker would have to scan every
    /// actor and would leave gaps between scans.
    /// </remarks>
    public static AkkaConfigurationBuilder AddActorEntities(this AkkaConfigurationBuilder builder, AbacoSettings settings)
    {
        var extractor = new ActorMessageExtractor(settings.Node.ShardCount);
        if (!settings.Node.Has(NodeRoles.Core))
            return builder.WithShardRegionProxy<ActorEntityRegion>(TypeName, NodeRoles.Core, extractor);

        return builder.WithShardRegion<ActorEntityRegion>(TypeName,
            (_, _, resolver) => dbId =>
            {
                var stores = resolver.GetService<IAbacoStores>();
                var clock = resolver.GetService<TimeProvider>();
                return ActorEntity.Props(dbId, settings, stores, clock, ActorEntity.Timings.Default);
            },
            extractor,
            new ShardOptions
            {
                Role = NodeRoles.Core,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = TimeSpan.Zero,
                HandOffStopMessage = ActorEntity.HandOff.Instance,
            });
    }
}
