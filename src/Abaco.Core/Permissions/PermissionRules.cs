namespace Abaco.Core.Permissions;

/// <summary>The original's <c>permission_process</c> (reference §1.1 "Permission check").</summary>
public static class PermissionRules
{
    /// <summary>
    /// Entries are scanned in grant order: an <c>ABACO_WORLD</c> entry (any level) allows; the user's own entry allows
    /// iff it is at least <paramref name="required"/>, and an insufficient own entry met before <c>ABACO_WORLD</c>
    /// denies.
    /// </summary>
    public static bool Allows(IEnumerable<PermissionEntry> entries, string user, PermissionLevel required)
    {
        foreach (var entry in entries)
        {
            if (entry.User == PermissionLevels.World) return true;
            if (entry.User == user) return entry.Level >= required;
        }
        return false;
    }
}
