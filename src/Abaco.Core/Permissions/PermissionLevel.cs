namespace Abaco.Core.Permissions;

/// <summary>Permission levels, ordered (original-abaco.md §1.1 "Permission levels"): NONE &lt; READ &lt; EXECUTE &lt; UPDATE.</summary>
public enum PermissionLevel { None = 0, Read = 1, Execute = 2, Update = 3 }

public static class PermissionLevels
{
    /// <summary>The special user that shares an object with everyone in its tenant (any level grants access).</summary>
    public const string World = "ABACO_WORLD";

    public static string Text(PermissionLevel level) => level switch
    {
        PermissionLevel.None => "NONE",
        PermissionLevel.Read => "READ",
        PermissionLevel.Execute => "EXECUTE",
        _ => "UPDATE",
    };

    /// <summary>Parses NONE/READ/EXECUTE/UPDATE (exact upper case, as the original compares them).</summary>
    public static bool TryParse(string? text, out PermissionLevel level)
    {
        switch (text)
        {
            case "NONE": level = PermissionLevel.None; return true;
            case "READ": level = PermissionLevel.Read; return true;
            case "EXECUTE": level = PermissionLevel.Execute; return true;
            case "UPDATE": level = PermissionLevel.Update; return true;
            default: level = PermissionLevel.None; return false;
        }
    }
}

/// <summary>Which permission collection an object's permissions live in (the original's stores 2 and 12).</summary>
public enum PermissionScope { Actor, Alias, Config }

/// <summary>One entry of an object's permission document, in the order it was first granted.</summary>
public sealed record PermissionEntry(string User, PermissionLevel Level);
