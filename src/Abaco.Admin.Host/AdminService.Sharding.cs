using Abaco.Core.Settings;
using Abaco.Runtime.Actors;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Abaco.Admin.Host;

/// <summary>The sharding and singleton verbs: one statistics query to the coordinator answers all three views.</summary>
public sealed partial class AdminService
{
    private const string TypeName = ActorEntityHosting.TypeName;

    /// <summary>Every Up member's end of the actor entities: a region on core nodes, a proxy elsewhere.</summary>
    public async Task<IReadOnlyList<RegionView>> RegionsAsync(CancellationToken ct)
    {
        var stats = await ShardingStatsAsync(ct);
        return Cluster.State.Members.Where(m => m.Status == MemberStatus.Up)
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => stats.Regions.TryGetValue(m.Address, out var region)
                ? new RegionView(TypeName, m.Address.ToString(), "region", region.Stats.Count, region.Stats.Values.Sum())
                : new RegionView(TypeName, m.Address.ToString(), m.HasRole(NodeRoles.Core) ? "region" : "proxy", 0, 0))
            .ToList();
    }

    /// <summary>Shards and entities per region (the members that host entities).</summary>
    public async Task<IReadOnlyList<RegionView>> RegionStatsAsync(CancellationToken ct) =>
        (await RegionsAsync(ct)).Where(r => r.Kind == "region").ToList();

    /// <summary>Entities per shard per node.</summary>
    public async Task<IReadOnlyList<ShardView>> ShardStatsAsync(CancellationToken ct)
    {
        var stats = await ShardingStatsAsync(ct);
        return stats.Regions
            .SelectMany(r => r.Value.Stats.Select(s => new ShardView(TypeName, s.Key, r.Key.ToString(), s.Value)))
            .OrderBy(s => int.TryParse(s.ShardId, out var n) ? n : int.MaxValue).ThenBy(s => s.ShardId, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<ClusterShardingStats> ShardingStatsAsync(CancellationToken ct)
    {
        try
        {
            return await entities.Ask<ClusterShardingStats>(new GetClusterShardingStats(AskTimeout), AskTimeout * 1.5, ct);
        }
        catch (AskTimeoutException)
        {
            throw AdminError.NoAnswer("The shard coordinator did not answer (is a core node up?).");
        }
    }

    /// <summary>
    /// The cluster singletons: the shard coordinator of the actor entities lives on the oldest Up core node;
    /// <see cref="SingletonView.Confirmed"/> says it answered there.
    /// </summary>
    public async Task<IReadOnlyList<SingletonView>> SingletonsAsync(CancellationToken ct)
    {
        var oldest = Cluster.State.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(NodeRoles.Core))
            .OrderBy(m => m, Akka.Cluster.Member.AgeOrdering).FirstOrDefault();
        var name = $"{TypeName}Coordinator";
        if (oldest is null) return [new SingletonView(name, NodeRoles.Core, null, false)];
        var path = $"{oldest.Address}/system/sharding/{name}/singleton/coordinator";
        bool confirmed;
        try
        {
            var identity = await system.ActorSelection(path).Ask<ActorIdentity>(new Identify(name), AskTimeout, ct);
            confirmed = identity.Subject is not null;
        }
        catch (AskTimeoutException)
        {
            confirmed = false;
        }
        return [new SingletonView(name, NodeRoles.Core, oldest.Address.ToString(), confirmed)];
    }
}
