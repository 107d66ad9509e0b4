using Abaco.Stores.Bodies;

namespace Abaco.Stores.Metered;

/// <summary>
/// The node's stores with every call timed (<see cref="TimedCalls"/>); what the backend is does not change. A backend
/// with a rebuildable projection stays one (<see cref="IRebuildableStores"/>), so the rebuild still finds it.
/// </summary>
public class MeteredStores : IAbacoStores
{
    private protected IAbacoStores Inner { get; }

    private MeteredStores(IAbacoStores inner)
    {
        Inner = inner;
        Actors = TimedCalls.Wrap(inner.Actors, "actors");
        Executions = TimedCalls.Wrap(inner.Executions, "executions");
        Logs = TimedCalls.Wrap(inner.Logs, "logs");
        Workers = TimedCalls.Wrap(inner.Workers, "workers");
        Clients = TimedCalls.Wrap(inner.Clients, "clients");
        Permissions = TimedCalls.Wrap(inner.Permissions, "permissions");
        Nonces = TimedCalls.Wrap(inner.Nonces, "nonces");
        Aliases = TimedCalls.Wrap(inner.Aliases, "aliases");
        Configs = TimedCalls.Wrap(inner.Configs, "configs");
        Results = TimedCalls.Wrap(inner.Results, "results");
        Bodies = TimedCalls.Wrap(inner.Bodies, "bodies");
    }

    public static IAbacoStores Wrap(IAbacoStores inner) =>
        inner is IRebuildableStores ? new Rebuildable(inner) : new MeteredStores(inner);

    public IActorStore Actors { get; }
    public IExecutionStore Executions { get; }
    public ILogStore Logs { get; }
    public IWorkerStore Workers { get; }
    public IClientStore Clients { get; }
    public IPermissionStore Permissions { get; }
    public INonceStore Nonces { get; }
    public IAliasStore Aliases { get; }
    public IActorConfigStore Configs { get; }
    public IResultStore Results { get; }
    public IMessageBodyStore Bodies { get; }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Inner.DisposeAsync();
    }

    private sealed class Rebuildable(IAbacoStores inner) : MeteredStores(inner), IRebuildableStores
    {
        public Task<bool> ClaimRebuildAsync(CancellationToken ct = default) =>
            ((IRebuildableStores)Inner).ClaimRebuildAsync(ct);
    }
}
