using Abaco.Core.Permissions;
using Abaco.Stores;

namespace Abaco.Api.Auth;

/// <summary>What the access control needs to read from the stores.</summary>
public interface IAccessLookups
{
    /// <summary>An object's permission entries in grant order, or null when it has no permission document.</summary>
    Task<IReadOnlyList<PermissionEntry>?> PermissionsAsync(PermissionScope scope, string objectId, CancellationToken ct);

    /// <summary>The actor id an alias of the tenant points at, or null when there is no such alias.</summary>
    Task<string?> AliasTargetAsync(string tenant, string alias, CancellationToken ct);

    /// <summary>Whether the worker is still recorded (a worker token is revoked once it is not).</summary>
    Task<bool> WorkerExistsAsync(string actorDbId, string workerId, CancellationToken ct);
}

public sealed class StoreAccessLookups(IPermissionStore permissions, IAliasStore aliases, IWorkerStore workers)
    : IAccessLookups
{
    public async Task<bool> WorkerExistsAsync(string actorDbId, string workerId, CancellationToken ct) =>
        await workers.GetAsync(actorDbId, workerId, ct) is not null;

    public Task<IReadOnlyList<PermissionEntry>?> PermissionsAsync(PermissionScope scope, string objectId,
        CancellationToken ct) => permissions.GetAsync(scope, objectId, ct);

    public async Task<string?> AliasTargetAsync(string tenant, string alias, CancellationToken ct) =>
        (await aliases.GetAsync(tenant, alias, ct))?.ActorId;
}
