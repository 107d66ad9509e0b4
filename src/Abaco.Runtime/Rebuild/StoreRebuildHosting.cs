using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Runtime.Rebuild;

public static class StoreRebuildHosting
{
    /// <summary>
    /// Core nodes whose stores have a part that can lose its data (Redis, backend postgres+redis) watch its
    /// generation marker and refill it (<see cref="RedisRebuildActor"/>). Other backends keep everything in SQL.
    /// </summary>
    public static AkkaConfigurationBuilder AddStoreRebuild(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        !settings.Node.Has(NodeRoles.Core)
            ? builder
            : builder.WithActors((system, registry, resolver) =>
            {
                if (resolver.GetService<IAbacoStores>() is not IRebuildableStores stores) return;
                system.ActorOf(RedisRebuildActor.Props(stores, registry.Get<ActorEntityRegion>(),
                    settings.Store.RedisCheckEvery), "redis-rebuild");
            });
}
