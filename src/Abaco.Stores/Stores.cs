using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Workers;

namespace Abaco.Stores;

// The original's "stores" (reference §0.2): independent collections, each behind a small interface. Entities are
// the single writers; the API reads these without asking the owning entity.

/// <summary>Current actor records, for listing and reading without waking the actor's entity.</summary>
public interface IActorStore
{
    Task UpsertAsync(ActorRecord actor, CancellationToken ct = default);
    Task<ActorRecord?> GetAsync(string dbId, CancellationToken ct = default);
    Task<IReadOnlyList<ActorRecord>> ListAsync(string tenant, CancellationToken ct = default);
    Task<IReadOnlyList<ActorRecord>> ListAllAsync(CancellationToken ct = default);
    Task DeleteAsync(string dbId, CancellationToken ct = default);
}

/// <summary>Every execution of every actor; kept after the actor is deleted, as in the original.</summary>
public interface IExecutionStore
{
    Task UpsertAsync(ExecutionRecord execution, CancellationToken ct = default);
    Task<ExecutionRecord?> GetAsync(string actorDbId, string executionId, CancellationToken ct = default);
    Task<IReadOnlyList<ExecutionRecord>> ListAsync(string actorDbId, CancellationToken ct = default);
}

/// <summary>Execution logs, written by the worker that ran the container, before the execution is finalised.</summary>
public interface ILogStore
{
    Task SetAsync(string executionId, string actorDbId, string tenant, string logs, DateTime? expiresAt,
        CancellationToken ct = default);
    /// <summary>The logs, or null when there are none (never written, expired or deleted).</summary>
    Task<string?> GetAsync(string executionId, CancellationToken ct = default);
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);
}

/// <summary>Current worker records.</summary>
public interface IWorkerStore
{
    Task UpsertAsync(WorkerRecord worker, CancellationToken ct = default);
    Task DeleteAsync(string actorDbId, string workerId, CancellationToken ct = default);
    Task<WorkerRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct = default);
    Task<IReadOnlyList<WorkerRecord>> ListAsync(string actorDbId, CancellationToken ct = default);
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);
    /// <summary>Forgets the workers of a host whose process restarted (they died with it). Returns how many.</summary>
    Task<int> DeleteForHostAsync(string hostId, CancellationToken ct = default);
}

/// <summary>All stores of one backend, created and schema-checked together at start.</summary>
public interface IAbacoStores : IAsyncDisposable
{
    IActorStore Actors { get; }
    IExecutionStore Executions { get; }
    ILogStore Logs { get; }
    IWorkerStore Workers { get; }
}
