using Abaco.Stores;
using Akka.Cluster;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Abaco.Runtime.Health;

/// <summary>
/// What <c>/healthz/ready</c> asks of every node, whatever its roles: it is Up in the cluster (not joining, leaving
/// or downed), and its stores answer a cheap query within <see cref="StoresTimeout"/>. Registered as Akka.Hosting
/// health checks tagged <see cref="ReadyTag"/>, so they run through the standard health check service.
/// </summary>
public static class NodeReadiness
{
    public const string ReadyTag = "ready";

    public static readonly TimeSpan StoresTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A key no actor has (db ids are <c>{TENANT}_{hashid}</c>): a lookup by key, cheap on every backend.</summary>
    private const string ProbeDbId = "healthz_probe";

    public static AkkaConfigurationBuilder AddNodeReadiness(this AkkaConfigurationBuilder builder) =>
        builder
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
