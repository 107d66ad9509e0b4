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

    /// <summary>
    /// Whether the worker's client is still recorded and is the one named (a worker token is revoked once it is not).
    /// </summary>
    Task<bool> ClientExistsAsync(string actorDbId, string workerId, string clientId, CancellationToken ct);
}

public sealed class StoreAccessLookups(IPermissionStore permissions, IAliasStore aliases, IClientStore clients)
    : IAccessLookups
{
    public async Task<bool> ClientExistsAsync(string actorDbId, string workerId, string clientId, CancellationToken ct) =>
        (await clients.GetAsync(actorDbId, workerId, ct))?.ClientId == clientId;

    public Task<IReadOnlyList<PermissionEntry>?> PermissionsAsync(PermissionScope scope, string objectId,
        CancellationToken ct) => permissions.GetAsync(scope, objectId, ct);

    public async Task<string?> AliasTargetAsync(string tenant, string alias, CancellationToken ct) =>
        (await aliases.GetAsync(tenant, alias, ct))?.ActorId;
}
