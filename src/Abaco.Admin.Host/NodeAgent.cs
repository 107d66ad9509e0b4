using System.Collections.Immutable;
using Abaco.Containers;
using Abaco.Core.Settings;
using Abaco.Runtime.Actors;
using Abaco.Runtime.Spawner;
using Abaco.Runtime.Workers;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using static Abaco.Protocol.AdminProtocol;

namespace Abaco.Admin.Host;

/// <summary>
/// Every node's end of the admin console, at <c>/user/abaco-admin</c>: answers what only this node can tell (its
/// spawners, their workers, the containers of its Docker host, the entities of its shard region) and does what only
/// it can do (drain its spawners, remove its host's orphan containers). The command host of any node asks it across
/// the cluster; each answer is built in a task piped to the asker, so the agent never waits.
/// </summary>
public sealed class NodeAgent : UntypedActor
{
    public const string Name = "abaco-admin";
    private static readonly TimeSpan LocalAsk = TimeSpan.FromSeconds(5);

    private readonly AbacoSettings _settings;
    private readonly IContainerRuntime? _containers;
    private readonly IActorRef _entities;
    // Read once here: the tasks that build the answers run outside the actor's context.
    private readonly string _address;
    private readonly IReadOnlyList<ActorSelection> _spawners;

    public NodeAgent(AbacoSettings settings, IContainerRuntime? containers, IActorRef entities)
    {
        _settings = settings;
        _containers = containers;
        _entities = entities;
        _address = Cluster.Get(Context.System).SelfAddress.ToString();
        _spawners = settings.Node.Has(NodeRoles.Spawner)
            ? [.. settings.Spawner.HostQueues.Select(q => Context.ActorSelection($"/user/{ActorEntity.SpawnerPath(q)}"))]
            : [];
    }

    /// <param name="containers">This host's Docker daemon; null on a node without the spawner role.</param>
    /// <param name="entities">The shard region (core node) or proxy of the actor entities.</param>
    public static Props Props(AbacoSettings settings, IContainerRuntime? containers, IActorRef entities) =>
        Akka.Actor.Props.Create(() => new NodeAgent(settings, containers, entities));

    protected override void OnReceive(object message)
    {
        var sender = Sender;
        switch (message)
        {
            case DescribeNode:
                DescribeAsync().PipeTo(sender);
                break;
            case DrainSpawners drain:
                DrainAsync(drain.Drained).PipeTo(sender);
                break;
            case ListEntities:
                EntitiesAsync().PipeTo(sender);
                break;
            case ReconcileContainers reconcile:
                ReconcileAsync(reconcile).PipeTo(sender);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private async Task<NodeDescription> DescribeAsync()
    {
        var states = await Task.WhenAll(_spawners.Select(s => s.Ask<SpawnerAdmin.SpawnerState>(SpawnerAdmin.GetState.Instance, LocalAsk)));
        return await DescriptionAsync(states);
    }

    private async Task<NodeDescription> DrainAsync(bool drained)
    {
        var states = await Task.WhenAll(_spawners.Select(s =>
            s.Ask<SpawnerAdmin.SpawnerState>(new SpawnerAdmin.SetDrained(drained), LocalAsk)));
        return await DescriptionAsync(states);
    }

    private async Task<NodeDescription> DescriptionAsync(SpawnerAdmin.SpawnerState[] states)
    {
        var containers = _containers is null ? 0 : (await HostContainersAsync()).Count;
        var spawners = states.Select(s => new SpawnerDescription(s.Queue, s.Drained, s.Workers, s.Waiting)).ToImmutableArray();
        return new NodeDescription(_address, _settings.Spawner.HostId, _settings.Node.Roles, _settings.General.Tag,
            spawners, spawners.Sum(s => s.Workers.Length),
            _settings.Node.Has(NodeRoles.Spawner) ? _settings.Spawner.MaxWorkersPerHost : 0, containers);
    }

    private async Task<IReadOnlyList<ManagedContainer>> HostContainersAsync()
    {
        using var deadline = new CancellationTokenSource(LocalAsk);
        return await _containers!.ListAsync(
            new Dictionary<string, string> { [ContainerSpecs.HostLabel] = _settings.Spawner.HostId }, deadline.Token);
    }

    private async Task<NodeEntities> EntitiesAsync()
    {
        if (!_settings.Node.Has(NodeRoles.Core)) return new NodeEntities(_address, []);
        var state = await _entities.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, LocalAsk);
        var placements = state.Shards
            .SelectMany(shard => shard.EntityIds.Select(id => new EntityPlacement(shard.ShardId, id)))
            .OrderBy(p => p.DbId, StringComparer.Ordinal)
            .ToImmutableArray();
        return new NodeEntities(_address, placements);
    }

    /// <summary>
    /// This host's containers labelled as Abaco's whose worker is not among the live ones: listed first, so a worker
    /// started after the caller gathered the live set cannot have its brand-new container taken for an orphan.
    /// </summary>
    private async Task<ContainersReconciled> ReconcileAsync(ReconcileContainers request)
    {
        if (_containers is null) return new ContainersReconciled(_address, [], null);
        var live = request.LiveWorkers.ToHashSet(StringComparer.Ordinal);
        var orphans = (await HostContainersAsync())
            .Where(c => !live.Contains(c.Labels.GetValueOrDefault(ContainerSpecs.WorkerLabel, "")))
            .Select(c => new OrphanContainer(c.ContainerId, c.Name, c.Labels.GetValueOrDefault(ContainerSpecs.WorkerLabel, ""),
                c.Labels.GetValueOrDefault(ContainerSpecs.ActorLabel, ""), c.State))
            .ToImmutableArray();
        if (request.DryRun) return new ContainersReconciled(_address, orphans, null);
        var problems = new List<string>();
        foreach (var orphan in orphans)
        {
            try
            {
                await _containers.RemoveAsync(orphan.Id, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add($"{orphan.Id}: {e.Message}");
            }
        }
        return new ContainersReconciled(_address, orphans, problems.Count == 0 ? null : string.Join("; ", problems));
    }
}
