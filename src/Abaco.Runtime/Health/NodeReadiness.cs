using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Abaco.Runtime.Health;

/// <summary>
/// What <c>/healthz/ready</c> asks of every node, whatever its roles: it is Up in the cluster (not joining, leaving
/// or downed), its stores answer a cheap query within <see cref="StoresTimeout"/>, and on a core node its shard region
/// is registered with the shard coordinator (before that it can host no shard: a rolling restart that moved on to the
/// next node then would leave the shards fewer homes than it thinks). Registered as Akka.Hosting
/// health checks tagged <see cref="ReadyTag"/>, so they run through the standard health check service.
/// </summary>
public static class NodeReadiness
{
    public const string ReadyTag = "ready";

    public static readonly TimeSpan StoresTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A key no actor has (db ids are <c>{TENANT}_{hashid}</c>): a lookup by key, cheap on every backend.</summary>
    private const string ProbeDbId = "healthz_probe";

    public static AkkaConfigurationBuilder AddNodeReadiness(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        (settings.Node.Has(NodeRoles.Core)
            ? builder.WithHealthCheck("shard-region-registered", (system, registry, ct) =>
                    RegionRegisteredAsync(Cluster.Get(system), registry.Get<ActorEntityRegion>(), ct),
                HealthStatus.Unhealthy, [ReadyTag])
            : builder)
            .WithHealthCheck("cluster-member-up", (system, _, _) => Task.FromResult(MemberUp(Cluster.Get(system))),
                HealthStatus.Unhealthy, [ReadyTag])
            .WithHealthCheck("stores", (system, _, ct) =>
                    StoresAnswerAsync(DependencyResolver.For(system).Resolver.GetService<IAbacoStores>(), ct),
                HealthStatus.Unhealthy, [ReadyTag]);

    private static HealthCheckResult MemberUp(Cluster cluster)
    {
        var status = cluster.SelfMember.Status;
        return status switch
        {
            MemberStatus.Up => HealthCheckResult.Healthy("this node is Up in the cluster"),
            // Before it joins, a node sees itself as Removed too.
            MemberStatus.Removed => HealthCheckResult.Unhealthy("this node is not a cluster member (not joined yet, or removed)"),
            _ => HealthCheckResult.Unhealthy($"this node is {status} in the cluster, not Up"),
        };
    }

    /// <summary>The coordinator lists this node among the shard regions it allocates shards to.</summary>
    private static async Task<HealthCheckResult> RegionRegisteredAsync(Cluster cluster, IActorRef region,
        CancellationToken ct)
    {
        try
        {
            var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, StoresTimeout, ct);
            return regions.Regions.Contains(cluster.SelfAddress)
                ? HealthCheckResult.Healthy("this node's shard region is registered with the coordinator")
                : HealthCheckResult.Unhealthy("this node's shard region is not registered with the coordinator yet");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy(
                $"the shard coordinator did not list the regions within {StoresTimeout.TotalSeconds:0} s");
        }
    }

    private static async Task<HealthCheckResult> StoresAnswerAsync(IAbacoStores stores, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StoresTimeout);
        try
        {
            await stores.Actors.GetAsync(ProbeDbId, timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy("the stores answer");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the stores did not answer within {StoresTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the stores failed: {e.GetBaseException().Message}");
        }
    }
}
