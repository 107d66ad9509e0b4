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
                return ActorEntity.Props(dbId, settings, stores, clock);
            },
            extractor,
            new ShardOptions
            {
                Role = NodeRoles.Core,
                RememberEntities = false,
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = TimeSpan.Zero,
            });
    }
}
