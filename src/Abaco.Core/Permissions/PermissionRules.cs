namespace Abaco.Core.Permissions;

/// <summary>
/// Who holds which level on an object. A user's level is the higher of their own entry and the
/// <c>ABACO_WORLD</c> entry (which shares the object with every user of the tenant at its level); NONE grants
/// nothing. The original instead let an <c>ABACO_WORLD</c> entry of any level (NONE included) grant every level,
/// and let the order of entries decide; both let a "shared read-only" or "NONE" actor be updated by anybody.
/// </summary>
public static class PermissionRules
{
    /// <summary>Whether <paramref name="user"/> holds at least <paramref name="required"/> (never for NONE).</summary>
    public static bool Allows(IEnumerable<PermissionEntry> entries, string user, PermissionLevel required)
    {
        var level = LevelOf(entries, user);
        return level > PermissionLevel.None && level >= required;
    }

    /// <summary>The level <paramref name="user"/> holds: their own or the world's, whichever is higher.</summary>
    public static PermissionLevel LevelOf(IEnumerable<PermissionEntry> entries, string user)
    {
        var level = PermissionLevel.None;
        foreach (var entry in entries)
            if ((entry.User == user || entry.User == PermissionLevels.World) && entry.Level > level)
                level = entry.Level;
        return level;
    }
}
