using Abaco.Stores;

namespace Abaco.Runtime.Tests;

/// <summary>
/// Stores that pass everything to <paramref name="inner"/>: a spec overrides the one store it watches or breaks.
/// Disposing leaves the inner stores to their owner.
/// </summary>
public class DelegatingStores(IAbacoStores inner) : IAbacoStores
{
    public virtual IActorStore Actors => inner.Actors;
    public virtual IExecutionStore Executions => inner.Executions;
    public virtual ILogStore Logs => inner.Logs;
    public virtual IWorkerStore Workers => inner.Workers;
    public virtual IClientStore Clients => inner.Clients;
    public virtual IPermissionStore Permissions => inner.Permissions;
    public virtual INonceStore Nonces => inner.Nonces;
    public virtual IAliasStore Aliases => inner.Aliases;
    public virtual IActorConfigStore Configs => inner.Configs;
    public virtual IResultStore Results => inner.Results;
    public virtual Abaco.Stores.Bodies.IMessageBodyStore Bodies => inner.Bodies;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
