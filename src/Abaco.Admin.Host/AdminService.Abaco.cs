using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Akka.Actor;
using Akka.Cluster;
using static Abaco.Protocol.AdminProtocol;

namespace Abaco.Admin.Host;

/// <summary>Abaco's palette: what runs where (asked of every node's agent), the entity of one actor, drain, reconcile.</summary>
public sealed partial class AdminService
{
    /// <summary>A worker record younger than this is never taken for an orphan: its worker may be on its way.</summary>
    public static readonly TimeSpan WorkerRecordGrace = TimeSpan.FromMinutes(1);

    private ActorSelection AgentOf(Address address) => system.ActorSelection($"{address}/user/{NodeAgent.Name}");

    private IEnumerable<Member> Members => Cluster.State.Members.Where(m => m.Status != MemberStatus.Removed)
        .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal);

    private async Task<T> AskAgentAsync<T>(Member member, object question, CancellationToken ct)
    {
        try
        {
            return await AgentOf(member.Address).Ask<T>(question, AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            throw AdminError.NoAnswer($"Node {member.Address} did not answer within {AskTimeout.TotalSeconds:0} s.");
        }
    }

    public async Task<IReadOnlyList<NodeView>> NodesAsync(CancellationToken ct)
    {
        var records = await stores.Workers.ListAllAsync(ct);
        var unreachable = Cluster.State.Unreachable;
        return await Task.WhenAll(Members.Select(async m =>
        {
            var status = unreachable.Contains(m) ? "unreachable" : StatusName(m.Status);
            try
            {
                var d = await AskAgentAsync<NodeDescription>(m, new DescribeNode(), ct);
                var byStatus = records.Where(r => r.HostId == d.HostId).GroupBy(r => r.Status)
                    .ToDictionary(g => g.Key, g => g.Count());
                return new NodeView(d.Address, status, d.Roles, d.HostId, byStatus, d.Containers, d.SlotsUsed,
                    d.SlotsCapacity, d.Spawners, null);
            }
            catch (AdminError e)
            {
                return new NodeView(m.Address.ToString(), status, [.. m.Roles.Order()], null,
                    new Dictionary<string, int>(), null, null, null, [], e.Message);
            }
        }));
    }

    /// <summary>The entities each core node holds, or only <paramref name="node"/>'s.</summary>
    public async Task<IReadOnlyList<ActorPlacementView>> ActorsAsync(string? node, CancellationToken ct)
    {
        var members = node is null ? Members.Where(m => m.HasRole(NodeRoles.Core)).ToList() : [await ResolveAsync(node, ct)];
        var answers = await Task.WhenAll(members.Select(m => AskAgentAsync<NodeEntities>(m, new ListEntities(), ct)));
        return answers.SelectMany(a => a.Entities.Select(e => new ActorPlacementView(e.DbId, e.ShardId, a.Address)))
            .ToList();
    }

    /// <summary><paramref name="actor"/>: a db id (<c>TENANT_id</c>), or an id in <c>web.tenant</c>.</summary>
    public async Task<ActorInspection> InspectAsync(string actor, CancellationToken ct)
    {
        var key = ActorKey.TryParse(actor, out var parsed) ? parsed : new ActorKey(settings.Web.TenantName, new ActorId(actor));
        ActorInspection inspection;
        try
        {
            inspection = await entities.Ask<ActorInspection>(new InspectActor(key), AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            throw AdminError.NoAnswer($"The entity of {key.DbId} did not answer within {AskTimeout.TotalSeconds:0} s.");
        }
        return inspection.Exists ? inspection : throw AdminError.NotFound($"No actor {key.DbId}.");
    }

    /// <summary>Every worker record, marked live when a spawner runs (or holds) that worker now.</summary>
    public async Task<IReadOnlyList<WorkerView>> WorkersAsync(CancellationToken ct)
    {
        var live = await LiveWorkersAsync(ct);
        return (await stores.Workers.ListAllAsync(ct)).Select(r => View(r, live.Contains(r.Id)))
            .OrderBy(w => w.HostId, StringComparer.Ordinal).ThenBy(w => w.ActorDbId, StringComparer.Ordinal).ToList();
    }

    private static WorkerView View(WorkerRecord r, bool live) =>
        new(r.Id, new ActorKey(r.Tenant, new ActorId(r.ActorId)).DbId, r.Status, r.HostId, r.Cid, live, r.CreateTime);

    /// <summary>The workers every spawner of the cluster runs or holds; refused when a spawner node does not answer.</summary>
    private async Task<HashSet<string>> LiveWorkersAsync(CancellationToken ct)
    {
        var spawners = Members.Where(m => m.HasRole(NodeRoles.Spawner));
        var answers = await Task.WhenAll(spawners.Select(m => AskAgentAsync<NodeDescription>(m, new DescribeNode(), ct)));
        return answers.SelectMany(a => a.Spawners).SelectMany(s => s.Workers.Concat(s.Waiting)).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<NodeDescription> DrainAsync(string node, bool drained, CancellationToken ct)
    {
        var member = await ResolveAsync(node, ct);
        if (!member.HasRole(NodeRoles.Spawner))
            throw AdminError.BadRequest($"{member.Address} has no spawner role: there is nothing to drain.");
        return await AskAgentAsync<NodeDescription>(member, new DrainSpawners(drained), ct);
    }

    /// <summary>
    /// Removes (or with <paramref name="dryRun"/> only lists) the containers labelled as Abaco's that no live worker
    /// owns, on every spawner node, and the worker records no live worker owns (older than
    /// <see cref="WorkerRecordGrace"/>). Refused if a spawner node does not answer: its workers' containers and
    /// records would be taken for orphans.
    /// </summary>
    public async Task<ReconcileView> ReconcileAsync(bool dryRun, CancellationToken ct)
    {
        var records = await stores.Workers.ListAllAsync(ct);
        var live = await LiveWorkersAsync(ct);
        var spawners = Members.Where(m => m.HasRole(NodeRoles.Spawner)).ToList();
        var reports = await Task.WhenAll(spawners.Select(m =>
            AskAgentAsync<ContainersReconciled>(m, new ReconcileContainers(dryRun, [.. live]), ct)));
        var cutoff = DateTime.UtcNow - WorkerRecordGrace;
        var orphanRecords = records.Where(r => !live.Contains(r.Id) && r.CreateTime < cutoff).ToList();
        if (!dryRun)
        {
            foreach (var r in orphanRecords)
                await stores.Workers.DeleteAsync(new ActorKey(r.Tenant, new ActorId(r.ActorId)).DbId, r.Id, ct);
        }
        return new ReconcileView(dryRun, [.. reports.SelectMany(r => r.Containers)],
            [.. orphanRecords.Select(r => View(r, false))],
            [.. reports.Where(r => r.Problem is not null).Select(r => $"{r.Address}: {r.Problem}")]);
    }

    /// <summary>A node argument: an address, <c>host:port</c>, or an Abaco host id (asked of every node).</summary>
    private async Task<Member> ResolveAsync(string node, CancellationToken ct)
    {
        var byAddress = Members.FirstOrDefault(m => Matches(m.Address, node));
        if (byAddress is not null) return byAddress;
        foreach (var m in Members.Where(m => !Cluster.State.Unreachable.Contains(m)))
        {
            var d = await AskAgentAsync<NodeDescription>(m, new DescribeNode(), ct);
            if (d.HostId == node) return m;
        }
        return MemberNamed(node); // throws with the list of members
    }
}
