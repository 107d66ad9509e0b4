using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Stores;

namespace Abaco.Api.Sharing;

/// <summary>
/// The permission checks the routes make themselves, on objects other than the one in the path (the authorization
/// middleware has already checked that one): the actors a list shows, the actor a link or an alias points at, the
/// actors a config is given to. Admins pass, as in the original's <c>check_permissions(..., roles=g.roles)</c>.
/// </summary>
public static class SharingAccess
{
    public static async Task<bool> AllowsAsync(IPermissionStore permissions, Caller caller, PermissionScope scope,
        string objectId, PermissionLevel level, CancellationToken ct)
    {
        if (caller.IsAdmin) return true;
        var entries = await permissions.GetAsync(scope, objectId, ct);
        return entries is not null && PermissionRules.Allows(entries, caller.User, level);
    }

    public static Task<bool> MayUpdateAsync(IPermissionStore permissions, Caller caller, PermissionScope scope,
        string objectId, CancellationToken ct) =>
        AllowsAsync(permissions, caller, scope, objectId, PermissionLevel.Update, ct);
}
