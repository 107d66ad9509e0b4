using Abaco.Core.Permissions;

namespace Abaco.Stores;

/// <summary>
/// How the SQL backends write a permission's scope and level: as words, so the table reads like the original's
/// permission documents.
/// </summary>
internal static class PermissionWords
{
    public static string Scope(PermissionScope scope) => scope switch
    {
        PermissionScope.Actor => "actor",
        PermissionScope.Alias => "alias",
        PermissionScope.Config => "config",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static PermissionLevel Level(string text) =>
        PermissionLevels.TryParse(text, out var level) ? level : throw new InvalidDataException($"Unknown stored permission level '{text}'.");
}
