using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Core.Workers;

namespace Abaco.Stores;

// The original's "stores" (original-abaco.md §0.2): independent collections, each behind a small interface. Entities are
// the single writers; the API reads these without asking the owning entity.

/// <summary>Current actor records, for listing and reading without waking the actor's entity.</summary>
public interface IActorStore
{
    Task UpsertAsync(ActorRecord actor, CancellationToken ct = default);
    Task<ActorRecord?> GetAsync(string dbId, CancellationToken ct = default);
    Task<IReadOnlyList<ActorRecord>> ListAsync(string tenant, CancellationToken ct = default);
    Task<IReadOnlyList<ActorRecord>> ListAllAsync(CancellationToken ct = default);
    /// <summary>The given actors that exist, in the order of <see cref="ListAsync"/> (search).</summary>
    Task<IReadOnlyList<ActorRecord>> ListManyAsync(IReadOnlyCollection<string> dbIds, CancellationToken ct = default);
    /// <summary>How many actors exist now, in every tenant (metrics).</summary>
    Task<int> CountAsync(CancellationToken ct = default);
    Task DeleteAsync(string dbId, CancellationToken ct = default);
    /// <summary>How many actors were ever registered, deleted ones included (utilization's <c>totalActors</c>).</summary>
    Task<int> CountRegisteredAsync(CancellationToken ct = default);
}

/// <summary>Every execution of every actor; kept after the actor is deleted, as in the original.</summary>
public interface IExecutionStore
{
    /// <summary>
    /// Writes the record, except that a finished execution (COMPLETE, ERROR) never goes back to SUBMITTED or RUNNING:
    /// the entity's writes are not awaited in order, and a late one must not undo the end.
    /// </summary>
    Task UpsertAsync(ExecutionRecord execution, CancellationToken ct = default);
    Task<ExecutionRecord?> GetAsync(string actorDbId, string executionId, CancellationToken ct = default);
    Task<IReadOnlyList<ExecutionRecord>> ListAsync(string actorDbId, CancellationToken ct = default);
    /// <summary>Every execution of a tenant (null = of every tenant), for the admin views.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListByTenantAsync(string? tenant, CancellationToken ct = default);

    // Search and metrics, computed by the store (SQL) rather than over every record in memory.

    /// <summary>
    /// The executions the query selects, in list order (message received, then insertion): after
    /// <paramref name="after"/> when given, then <paramref name="skip"/> of them passed over, at most
    /// <paramref name="limit"/> returned.
    /// </summary>
    Task<StorePage<ExecutionRecord>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
        CancellationToken ct = default);
    /// <summary>How many executions the query selects.</summary>
    Task<int> CountAsync(StoreQuery query, CancellationToken ct = default);
    /// <summary>Executions of every tenant, counted by status.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct = default);
    /// <summary>SUBMITTED executions (messages waiting for a worker) counted by actor db id.</summary>
    Task<IReadOnlyDictionary<string, int>> CountSubmittedByActorAsync(CancellationToken ct = default);
}

/// <summary>Execution logs, written by the worker that ran the container, before the execution is finalised.</summary>
public interface ILogStore
{
    Task SetAsync(string executionId, string actorDbId, string tenant, string logs, DateTime? expiresAt,
        CancellationToken ct = default);
    /// <summary>The logs, or null when there are none (never written, expired or deleted).</summary>
    Task<string?> GetAsync(string executionId, CancellationToken ct = default);
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);
    /// <summary>The unexpired logs of a tenant's executions.</summary>
    Task<IReadOnlyList<StoredLog>> ListByTenantAsync(string tenant, CancellationToken ct = default);
    /// <summary>
    /// The unexpired logs the query selects (only <see cref="StoreField.Logs"/> conditions apply), each with its
    /// execution, in the order they were first written; paged as <see cref="IExecutionStore.FindAsync"/>.
    /// </summary>
    Task<StorePage<SearchableLog>> FindAsync(StoreQuery query, StoreCursor? after, int skip, int limit,
        CancellationToken ct = default);
    /// <summary>How many unexpired logs the query selects.</summary>
    Task<int> CountAsync(StoreQuery query, CancellationToken ct = default);
}

public sealed record StoredLog(string ExecutionId, string ActorDbId, string Tenant, string Logs);

/// <summary>Current worker records.</summary>
public interface IWorkerStore
{
    Task UpsertAsync(WorkerRecord worker, CancellationToken ct = default);
    Task DeleteAsync(string actorDbId, string workerId, CancellationToken ct = default);
    Task<WorkerRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct = default);
    Task<IReadOnlyList<WorkerRecord>> ListAsync(string actorDbId, CancellationToken ct = default);
    /// <summary>Workers of every actor of every tenant (admin views).</summary>
    Task<IReadOnlyList<WorkerRecord>> ListAllAsync(CancellationToken ct = default);
    /// <summary>The workers of the given actors, in the order of <see cref="ListAllAsync"/> (search).</summary>
    Task<IReadOnlyList<WorkerRecord>> ListForActorsAsync(IReadOnlyCollection<string> actorDbIds, CancellationToken ct = default);
    /// <summary>Workers of every actor, counted by status (metrics).</summary>
    Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct = default);
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);
    /// <summary>Forgets the workers of a host whose process restarted (they died with it). Returns how many.</summary>
    Task<int> DeleteForHostAsync(string hostId, CancellationToken ct = default);
}

/// <summary>The clients of workers (<see cref="WorkerClientRecord"/>): one per worker that is issued tokens.</summary>
public interface IClientStore
{
    /// <summary>Stores the worker's client, replacing any it had (whose tokens are then refused).</summary>
    Task AddAsync(WorkerClientRecord client, CancellationToken ct = default);
    Task<WorkerClientRecord?> GetAsync(string actorDbId, string workerId, CancellationToken ct = default);
    /// <summary>False when the worker had no client.</summary>
    Task<bool> DeleteAsync(string actorDbId, string workerId, CancellationToken ct = default);
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);
    Task<IReadOnlyList<WorkerClientRecord>> ListForActorAsync(string actorDbId, CancellationToken ct = default);
}

/// <summary>
/// Permission documents (original-abaco.md §2.7): per object (actor dbid, alias id, config id) the users and their
/// levels, in the order they were first granted (the authorization algorithm scans them in that order).
/// </summary>
public interface IPermissionStore
{
    /// <summary>The object's entries in grant order, or null when the object has no permission document.</summary>
    Task<IReadOnlyList<PermissionEntry>?> GetAsync(PermissionScope scope, string objectId, CancellationToken ct = default);
    /// <summary>Grants or replaces one user's level; a new user goes last, an existing one keeps its place.</summary>
    Task SetAsync(PermissionScope scope, string objectId, string user, PermissionLevel level, CancellationToken ct = default);
    Task DeleteAsync(PermissionScope scope, string objectId, CancellationToken ct = default);
    /// <summary>Ids of the objects of a scope where the user has an entry (any level), for search.</summary>
    Task<IReadOnlyList<string>> ObjectsWithEntryForAsync(PermissionScope scope, string user, CancellationToken ct = default);
}

public enum NonceRedemptionOutcome { Redeemed, NotFound, NoUsesLeft }

/// <summary>The nonce after an atomic redemption attempt (null when not found).</summary>
public sealed record NonceRedemption(NonceRedemptionOutcome Outcome, NonceRecord? Nonce);

/// <summary>Nonces (original-abaco.md §2.5), stored under their subject: an actor dbid or an alias id.</summary>
public interface INonceStore
{
    Task AddAsync(NonceRecord nonce, CancellationToken ct = default);
    Task<NonceRecord?> GetAsync(string subjectKey, string nonceId, CancellationToken ct = default);
    Task<IReadOnlyList<NonceRecord>> ListAsync(string subjectKey, CancellationToken ct = default);
    /// <summary>False when there was no such nonce.</summary>
    Task<bool> DeleteAsync(string subjectKey, string nonceId, CancellationToken ct = default);
    Task DeleteForSubjectAsync(string subjectKey, CancellationToken ct = default);
    /// <summary>
    /// Atomically uses the nonce once (original-abaco.md §3.17): unlimited (-1) nonces count a use; others need a remaining
    /// use and lose one. Both set <c>last_use_time</c>. Concurrent redemptions never oversell.
    /// </summary>
    Task<NonceRedemption> RedeemAsync(string subjectKey, string nonceId, DateTime now, CancellationToken ct = default);
}

/// <summary>Aliases (original-abaco.md §2.6), unique per tenant.</summary>
public interface IAliasStore
{
    /// <summary>False (and nothing written) when the alias already exists in the tenant.</summary>
    Task<bool> AddAsync(AliasRecord alias, CancellationToken ct = default);
    Task UpdateAsync(AliasRecord alias, CancellationToken ct = default);
    Task<AliasRecord?> GetAsync(string tenant, string alias, CancellationToken ct = default);
    Task<IReadOnlyList<AliasRecord>> ListAsync(string tenant, CancellationToken ct = default);
    /// <summary>Every alias of the tenant pointing at the actor.</summary>
    Task<IReadOnlyList<AliasRecord>> ListForActorAsync(string tenant, string actorId, CancellationToken ct = default);
    Task<bool> DeleteAsync(string tenant, string alias, CancellationToken ct = default);
}

/// <summary>Actor configs and secrets (original-abaco.md §1.9), unique per tenant by name.</summary>
public interface IActorConfigStore
{
    /// <summary>False (and nothing written) when the name is taken in the tenant.</summary>
    Task<bool> AddAsync(ActorConfigRecord config, CancellationToken ct = default);
    Task UpdateAsync(ActorConfigRecord config, CancellationToken ct = default);
    Task<ActorConfigRecord?> GetAsync(string tenant, string name, CancellationToken ct = default);
    Task<IReadOnlyList<ActorConfigRecord>> ListAsync(string tenant, CancellationToken ct = default);
    Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct = default);
}

/// <summary>
/// Results an execution's container sent on its results socket (original-abaco.md §2.9): a FIFO per execution, read
/// destructively one result at a time, each result expiring on its own (20 minutes by default).
/// </summary>
public interface IResultStore
{
    Task PushAsync(string actorDbId, string executionId, byte[] result, DateTime expiresAt, CancellationToken ct = default);
    /// <summary>The oldest unexpired result, removed atomically; null when none is left.</summary>
    Task<byte[]?> PopAsync(string actorDbId, string executionId, DateTime now, CancellationToken ct = default);
    Task DeleteForActorAsync(string actorDbId, CancellationToken ct = default);
}

/// <summary>All stores of one backend, created and schema-checked together at start.</summary>
public interface IAbacoStores : IAsyncDisposable
{
    IActorStore Actors { get; }
    IExecutionStore Executions { get; }
    ILogStore Logs { get; }
    IWorkerStore Workers { get; }
    IClientStore Clients { get; }
    IPermissionStore Permissions { get; }
    INonceStore Nonces { get; }
    IAliasStore Aliases { get; }
    IActorConfigStore Configs { get; }
    IResultStore Results { get; }
    /// <summary>The bytes of binary messages (<see cref="Bodies.IMessageBodyStore"/>).</summary>
    Bodies.IMessageBodyStore Bodies { get; }
}
