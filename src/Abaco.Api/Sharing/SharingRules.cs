using System.Collections.Immutable;
using Abaco.Api.Http;
using Abaco.Core.Permissions;

namespace Abaco.Api.Sharing;

/// <summary>
/// The checks of the original's nonce, permission and config resources that do not need a store (original-abaco.md §1.5,
/// §1.7, §1.9), with their messages as <c>controllers.py</c> words them.
/// </summary>
public static class SharingRules
{
    /// <summary>Levels a permission (and an actor nonce) may have: the original's <c>PERMISSION_LEVELS</c>.</summary>
    public static readonly ImmutableArray<PermissionLevel> PermissionLevelsAllowed =
        [PermissionLevel.None, PermissionLevel.Read, PermissionLevel.Execute, PermissionLevel.Update];

    /// <summary>An alias nonce cannot grant UPDATE: the original's <c>ALIAS_NONCE_PERMISSION_LEVELS</c>.</summary>
    public static readonly ImmutableArray<PermissionLevel> AliasNonceLevelsAllowed =
        [PermissionLevel.None, PermissionLevel.Read, PermissionLevel.Execute];

    public const PermissionLevel DefaultNonceLevel = PermissionLevel.Execute;

    /// <summary><c>max_uses</c> when not given: unlimited.</summary>
    public const int UnlimitedUses = -1;

    public const string MaxUsesMessage =
        "The max uses parameter must be a positive integer or -1 (to denote unlimited uses).";

    /// <summary>The original prints its level tuples with Python's <c>str()</c>: <c>('NONE', 'READ', ...)</c>.</summary>
    public static string LevelTuple(IEnumerable<PermissionLevel> levels) =>
        NameRules.PythonTuple(levels.Select(PermissionLevels.Text));

    /// <summary>The level of a new nonce: exact upper-case names only, and no UPDATE for alias nonces.</summary>
    public static PermissionLevel NonceLevel(string? text, bool forAlias)
    {
        if (text is null) return DefaultNonceLevel;
        var allowed = forAlias ? AliasNonceLevelsAllowed : PermissionLevelsAllowed;
        if (PermissionLevels.TryParse(text, out var level) && allowed.Contains(level)) return level;
        throw ApiError.BadRequest(
            $"Invalid nonce description. The level attribute must be one of: {LevelTuple(allowed)}");
    }

    /// <summary>A positive number of uses, or -1 for unlimited.</summary>
    public static int MaxUses(int? requested)
    {
        var maxUses = requested ?? UnlimitedUses;
        if (maxUses == 0 || maxUses < UnlimitedUses) throw ApiError.BadRequest(MaxUsesMessage);
        return maxUses;
    }

    /// <summary>
    /// The level of a permission grant. (The original's message carried a run of indentation spaces from a line
    /// continuation inside its string literal; ours has one space there.)
    /// </summary>
    public static PermissionLevel GrantLevel(string text) =>
        PermissionLevels.TryParse(text, out var level)
            ? level
            : throw ApiError.BadRequest(
                $"Invalid permission level: {text}. The valid values are {LevelTuple(PermissionLevelsAllowed)}");

    /// <summary>
    /// The actor ids and aliases of a config's comma-separated <c>actors</c> field, trimmed, in order, without
    /// empty items (a trailing comma is not an actor called "").
    /// </summary>
    public static ImmutableArray<string> ConfigActors(string actors) =>
        [.. actors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
