using Abaco.Containers;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Akka.Hosting;

namespace Abaco.Admin.Host;

public static class AdminHosting
{
    /// <summary>Starts this node's <see cref="NodeAgent"/> (every node, whatever its roles).</summary>
    public static AkkaConfigurationBuilder AddAdminAgent(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var agent = system.ActorOf(NodeAgent.Props(settings, resolver.GetService<IContainerRuntime>(),
                registry.Get<ActorEntityRegion>()), NodeAgent.Name);
            registry.Register<NodeAgent>(agent);
        });
}
