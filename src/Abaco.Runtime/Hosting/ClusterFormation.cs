using Abaco.Core.Settings;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Event;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Akka.Remote.Hosting;

namespace Abaco.Runtime.Hosting;

/// <summary>
/// How a node becomes a member of its cluster: remoting (with a modest frame size), the split-brain resolver, and
/// formation, by seed nodes (or joining itself) or by Akka.Management's Cluster.Bootstrap over config or Kubernetes
/// API discovery.
/// </summary>
public static class ClusterFormation
{
    /// <summary>The discovery method names Cluster.Bootstrap looks contact points up with.</summary>
    public const string ConfigDiscoveryMethod = "config";
    public const string KubernetesDiscoveryMethod = "kubernetes-api";

    /// <summary>The container port name Kubernetes discovery maps each pod to its management port by.</summary>
    public const string ManagementPortName = "management";

    public static AkkaConfigurationBuilder WithAbacoCluster(this AkkaConfigurationBuilder builder, AbacoSettings settings)
    {
        var node = settings.Node;
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = node.Hostname,
                Port = node.Port,
                MaxFrameSize = node.MaximumFrameSize,
                // The socket buffers must hold a whole frame; Akka's own are twice its default frame.
                SendBufferSize = Math.Max(256_000, 2L * node.MaximumFrameSize),
                ReceiveBufferSize = Math.Max(256_000, 2L * node.MaximumFrameSize),
            })
            .WithClustering(new ClusterOptions
            {
                Roles = node.Roles.ToArray(),
                SeedNodes = node.SeedNodes.ToArray(),
            })
            .AddHocon(SplitBrainResolverHocon(node), HoconAddMode.Prepend)
            .WithSeedRejoin(node);
        return node.Discovery switch
        {
            ClusterDiscovery.Config => builder.WithBootstrap(node, ConfigDiscoveryMethod).WithConfigDiscovery(
                new ConfigServiceDiscoveryOptions
                {
                    Services = [new Service { Name = node.DiscoveryServiceName, Endpoints = [.. node.DiscoveryEndpoints] }],
                }),
            ClusterDiscovery.Kubernetes => builder.WithBootstrap(node, KubernetesDiscoveryMethod).WithKubernetesDiscovery(
                new KubernetesDiscoveryOptions
                {
                    PodLabelSelector = node.KubernetesPodLabelSelector,
                    PodNamespace = node.KubernetesNamespace.Length > 0 ? node.KubernetesNamespace : null,
                    // Contact points by pod IP: pod DNS names resolve only where the cluster's DNS publishes them.
                    RawIp = true,
                }),
            _ => builder.JoinSelfWithoutSeeds(node),
        };
    }

    /// <summary>The resolver as HOCON: the hosting options cannot say stable-after or down-all-when-unstable.</summary>
    public static string SplitBrainResolverHocon(NodeSettings node) => $$"""
        akka.cluster {
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver {
            active-strategy = {{StrategyName(node.SplitBrainStrategy)}}
            stable-after = {{(long)node.SplitBrainStableAfter.TotalMilliseconds}}ms
            down-all-when-unstable = {{(node.DownAllWhenUnstable ? "on" : "off")}}
          }
        }
        """;

    private static string StrategyName(SplitBrainStrategy strategy) => strategy switch
    {
        SplitBrainStrategy.KeepMajority => "keep-majority",
        SplitBrainStrategy.KeepOldest => "keep-oldest",
        SplitBrainStrategy.DownAll => "down-all",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// <summary>Without seeds or discovery a node is a cluster of one: it joins itself.</summary>
    private static AkkaConfigurationBuilder JoinSelfWithoutSeeds(this AkkaConfigurationBuilder builder, NodeSettings node)
    {
        if (node.SeedNodes.IsEmpty)
            builder.AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
    }

    /// <summary>
    /// Cluster.Bootstrap looking contact points up with <paramref name="method"/>, and this node's own contact point
    /// on <c>node.hostname:management_port</c> (see <see cref="BootstrapContactPoint"/> for why it is not Akka.Management's
    /// HTTP endpoint). The node never joins itself: Bootstrap decides who forms a new cluster.
    /// </summary>
    private static AkkaConfigurationBuilder WithBootstrap(this AkkaConfigurationBuilder builder, NodeSettings node, string method) =>
        builder
            .WithClusterBootstrap(options =>
            {
                options.ContactPointDiscovery.ServiceName = node.DiscoveryServiceName;
                options.ContactPointDiscovery.DiscoveryMethod = method;
                options.ContactPointDiscovery.PortName = ManagementPortName;
                options.ContactPointDiscovery.RequiredContactPointsNr = node.RequiredContactPoints;
                options.ContactPoint.FallbackPort = node.ManagementPort;
            }, autoStart: false)
            .AddStartup((system, _) =>
            {
                var port = node.ManagementPort != 0 ? node.ManagementPort : FreePort();
                BootstrapContactPoint.Start(system, node.Hostname, port);
                var bootstrap = ClusterBootstrap.Get(system);
                // Telling Bootstrap the routes' base address is how it learns its own contact point.
                bootstrap.Routes(ManagementRouteProviderSettings.Create(new Uri($"http://{node.Hostname}:{port}/"), readOnly: true));
                bootstrap.Start().ContinueWith(failed => system.Log.Error(failed.Exception, "Cluster.Bootstrap failed to start"),
                    TaskContinuationOptions.OnlyOnFaulted);
            });

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
