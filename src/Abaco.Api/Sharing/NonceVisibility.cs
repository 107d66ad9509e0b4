using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Sharing;

/// <summary>
/// Which nonces a caller may see when listing them: only those at or below the caller's own level, so that a user
/// with READ cannot pick up an UPDATE nonce and act with it (the original listed every nonce). Admins see all; a
/// caller who came in with a nonce is held to that nonce's level, whatever its owner's roles.
/// </summary>
public static class NonceVisibility
{
    /// <summary>
    /// The highest nonce level the caller may see: the lowest of its levels on <paramref name="subjects"/> (the actor,
    /// or the alias and its actor), capped by the nonce it used. Null when it may see every nonce.
    /// </summary>
    public static async Task<PermissionLevel?> CeilingAsync(IAbacoStores stores, Caller caller,
        IEnumerable<(PermissionScope Scope, string ObjectId)> subjects, CancellationToken ct)
    {
        PermissionLevel? ceiling = null;
        if (caller.Nonce is not null)
        {
            // The nonce used may be the actor's or its alias's: its level came with it.
            ceiling = caller.NonceLevel ?? PermissionLevel.None;
        }
        else if (caller.IsAdmin)
        {
            return null;
        }
        foreach (var (scope, objectId) in subjects)
        {
            var entries = await stores.Permissions.GetAsync(scope, objectId, ct) ?? [];
            var level = PermissionRules.LevelOf(entries, caller.User);
            if (caller.IsAdmin) level = PermissionLevel.Update;
            if (ceiling is null || level < ceiling) ceiling = level;
        }
        return ceiling;
    }

    public static IEnumerable<NonceRecord> Visible(IEnumerable<NonceRecord> nonces, PermissionLevel? ceiling) =>
        ceiling is { } max ? nonces.Where(n => n.Level <= max) : nonces;
}
