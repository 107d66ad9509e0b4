using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Stores;

namespace Abaco.Api.Sharing;

/// <summary>
/// The permission checks the sharing resources make themselves, on objects other than the one in the path (the
/// authorization middleware has already checked that one): the actor an alias is pointed at, the actors a config
/// is given to. Admins pass, as in the original's <c>check_permissions(..., roles=g.roles)</c>.
/// </summary>
public static class SharingAccess
{
    public static async Task<bool> MayUpdateAsync(IPermissionStore permissions, Caller caller, PermissionScope scope,
        string objectId, CancellationToken ct)
    {
        if (caller.IsAdmin) return true;
        var entries = await permissions.GetAsync(scope, objectId, ct);
        return entries is not null && PermissionRules.Allows(entries, caller.User, PermissionLevel.Update);
    }
}
