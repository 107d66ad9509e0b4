using System.Collections.Immutable;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;

namespace Abaco.Core.Sharing;

/// <summary>
/// An alias (original-abaco.md §2.6): a tenant-unique name that routes accept in place of an actor id. Its id is
/// <c>{tenant}_{alias}</c>.
/// </summary>
public sealed record AliasRecord(string Tenant, string Alias, string ActorId, string Owner, string ApiServer)
{
    public string AliasId => $"{Tenant}_{Alias}";
    public string ActorDbId => ActorKey.Of(Tenant, ActorId).DbId;
}

/// <summary>
/// A nonce (original-abaco.md §2.5): a shareable credential for one actor (<see cref="ActorDbId"/>) or one alias
/// (<see cref="AliasId"/>), acting as its owner with the owner's roles at creation, up to <see cref="Level"/>.
/// <see cref="MaxUses"/> -1 means unlimited; then <see cref="RemainingUses"/> stays -1.
/// </summary>
public sealed record NonceRecord(
    string Id,
    string Tenant,
    string? ActorDbId,
    string? AliasId,
    string Owner,
    ImmutableArray<string> Roles,
    string ApiServer,
    PermissionLevel Level,
    int MaxUses,
    string Description,
    DateTime CreateTime,
    DateTime? LastUseTime,
    int CurrentUses,
    int RemainingUses)
{
    /// <summary>The actor dbid or alias id the nonce belongs to; nonces are stored and found under it.</summary>
    public string SubjectKey => ActorDbId ?? AliasId ?? "";
}

/// <summary>
/// An actor config. <see cref="Actors"/> is the comma-separated string of actor ids and aliases as submitted (what
/// clients see); for a secret, <see cref="Value"/> is the ciphertext. <see cref="Targets"/> binds each item to the
/// actor it named when the config was written: an alias is resolved then, so deleting the alias and creating one of
/// the same name for another actor does not hand that actor the config. Only targets receive the config.
/// </summary>
public sealed record ActorConfigRecord(string Tenant, string Name, string Value, bool IsSecret, string Actors)
{
    public string ConfigId => $"{Tenant}_{Name}";

    /// <summary>The actors (db ids) the config is for, each with the item of <see cref="Actors"/> that named it.</summary>
    public ImmutableArray<ConfigTarget> Targets { get; init; } = [];
}

/// <summary>One actor a config is bound to: the identifier as written (id or alias) and the actor's db id.</summary>
public sealed record ConfigTarget(string Identifier, string ActorDbId);
