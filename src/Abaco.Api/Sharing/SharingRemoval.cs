using Abaco.Core.Actors;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Sharing;

/// <summary>
/// What goes with a deleted actor or alias. The original left it behind (original-abaco.md §5.9 quirk 13): permissions and nonces
/// that would come back to life on a new object of the same name, and its place in configs. Executions are kept, as
/// in the original.
/// </summary>
public static class SharingRemoval
{
    /// <summary>The actor's permissions and nonces, every alias pointing at it (with theirs), its place in configs.</summary>
    public static async Task RemoveActorAsync(IAbacoStores stores, ActorRecord actor, CancellationToken ct)
    {
        await stores.Permissions.DeleteAsync(PermissionScope.Actor, actor.DbId, ct);
        await stores.Nonces.DeleteForSubjectAsync(actor.DbId, ct);
        foreach (var alias in await stores.Aliases.ListForActorAsync(actor.Tenant, actor.Id, ct))
            await RemoveAliasAsync(stores, alias, ct);
        await ConfigBindings.DropActorAsync(stores, actor.Tenant, actor.DbId, ct);
    }

    /// <summary>The alias itself, its permission document, its nonces and its place in configs.</summary>
    public static async Task RemoveAliasAsync(IAbacoStores stores, AliasRecord alias, CancellationToken ct)
    {
        await stores.Aliases.DeleteAsync(alias.Tenant, alias.Alias, ct);
        await stores.Permissions.DeleteAsync(PermissionScope.Alias, alias.AliasId, ct);
        await stores.Nonces.DeleteForSubjectAsync(alias.AliasId, ct);
        await ConfigBindings.DropAliasAsync(stores, alias.Tenant, alias.Alias, ct);
    }
}
