using Abaco.Containers;
using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Runtime.Health;
using Abaco.Runtime.Workers;
using Abaco.Stores;
using Akka.Actor;
using Akka.Event;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Startup;

/// <summary>
/// Runs once when a node starts. A spawner node first clears what a previous process of this host (its
/// <c>spawner.host_id</c>) left behind: actor containers found by label, worker records and their clients, results
/// socket and FIFO directories; those workers died with it. Other hosts' containers and workers are never touched:
/// they may be alive. A core node then wakes every actor's entity, so queued messages resume and interrupted
/// executions are marked ERROR without waiting for a client to touch the actor.
/// </summary>
public sealed class NodeStartupActor : UntypedActor
{
    private readonly AbacoSettings _settings;
    private readonly IAbacoStores _stores;
    private readonly IContainerRuntime? _runtime;
    private readonly IActorRef _entities;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="runtime">The Docker runtime; only spawner nodes have one.</param>
    public NodeStartupActor(AbacoSettings settings, IAbacoStores stores, IContainerRuntime? runtime, IActorRef entities)
    {
        _settings = settings;
        _stores = stores;
        _runtime = runtime;
        _entities = entities;
    }

    public static Props Props(AbacoSettings settings, IAbacoStores stores, IContainerRuntime? runtime, IActorRef entities) =>
        Akka.Actor.Props.Create(() => new NodeStartupActor(settings, stores, runtime, entities));

    private static readonly TimeSpan IncompleteBodyAge = TimeSpan.FromHours(1);

    private sealed record Prepared(int ContainersRemoved, int WorkersForgotten, int IpcDirectoriesRemoved,
        IReadOnlyList<string> ActorsToWake);

    protected override void PreStart()
    {
        PrepareAsync(_settings, _stores, _runtime).PipeTo(Self);
    }

    private static async Task<Prepared> PrepareAsync(AbacoSettings settings, IAbacoStores stores, IContainerRuntime? runtime)
    {
        var removed = 0;
        var forgotten = 0;
        var ipcRemoved = 0;
        if (settings.Node.Has(NodeRoles.Spawner) && runtime is not null)
        {
            var leftovers = await runtime.ListAsync(new Dictionary<string, string>
            {
                [ContainerSpecs.ManagedLabel] = "true",
                [ContainerSpecs.HostLabel] = settings.Spawner.HostId,
            }, CancellationToken.None);
            foreach (var container in leftovers)
            {
                await runtime.RemoveAsync(container.ContainerId, CancellationToken.None);
                removed++;
            }
            forgotten += await ForgetWorkersAsync(stores, settings.Spawner.HostId);
            // No worker of this host lives yet; directories of workers other nodes still run (a shared store and
            // directory) are kept.
            var listedAt = DateTime.UtcNow;
            var live = (await stores.Workers.ListAllAsync()).Select(w => w.Id).ToHashSet();
            ipcRemoved = IpcDirectories.RemoveLeftovers(IpcDirectories.For(settings), live, listedAt);
        }
        var toWake = new List<string>();
        if (settings.Node.Has(NodeRoles.Core))
        {
            // Workers requested but not yet started (no host id) are left alone: in a cluster their entities may be
            // alive on other core nodes. Each entity forgets its own unclaimed ones when it recovers.
            toWake.AddRange((await stores.Actors.ListAllAsync()).Select(a => a.DbId));
            // Binary messages whose upload a dead process left half-written; an hour spares uploads other nodes run.
            await stores.Bodies.DeleteIncompleteAsync(DateTime.UtcNow - IncompleteBodyAge);
        }
        return new Prepared(removed, forgotten, ipcRemoved, toWake);
    }

    /// <summary>
    /// Deletes the workers of a host and, first, their clients (revoking their tokens): should the node stop in
    /// between, the worker records are still there to be forgotten at its next start.
    /// </summary>
    private static async Task<int> ForgetWorkersAsync(IAbacoStores stores, string hostId)
    {
        foreach (var worker in (await stores.Workers.ListAllAsync()).Where(w => w.HostId == hostId))
            await stores.Clients.DeleteAsync(worker.ActorDbId, worker.Id);
        return await stores.Workers.DeleteForHostAsync(hostId);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Prepared prepared:
                _log.Info("Node start: removed {0} leftover containers and {1} leftover IPC directories, forgot {2} dead " +
                          "workers, waking {3} actors", prepared.ContainersRemoved, prepared.IpcDirectoriesRemoved,
                    prepared.WorkersForgotten, prepared.ActorsToWake.Count);
                foreach (var dbId in prepared.ActorsToWake) _entities.Tell(new Wake(ActorKey.Parse(dbId)));
                Context.Stop(Self);
                break;
            case Status.Failure failure:
                _log.Error(failure.Cause, "Node start clean-up failed; queued messages resume when their actor is used");
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
