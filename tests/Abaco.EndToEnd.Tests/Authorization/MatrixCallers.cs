using Abaco.Core.Permissions;
using Abaco.Testing;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>How a caller proves who they are.</summary>
public enum Credential
{
    /// <summary>A JWT of the API manager under the header of its own tenant.</summary>
    Jwt,
    /// <summary>No JWT, an <c>x-nonce</c> made by the owner on the actor (its id).</summary>
    ActorNonce,
    /// <summary>No JWT, an <c>x-nonce</c> made by the owner on the actor's alias.</summary>
    AliasNonce,
    /// <summary>Nothing at all.</summary>
    None,
    /// <summary>The owner's JWT, which names tenant DEV, sent under tenant OTHER's header.</summary>
    JwtUnderOtherTenantsHeader,
    /// <summary>The same token under DEV's own header: naming its tenant must not cost a token anything.</summary>
    JwtNamingItsTenant,
}

/// <summary>
/// One caller of the matrix. <see cref="Share"/> is the level the owner granted them on the scene's actor, alias and
/// config (null: no entry at all); for a nonce holder <see cref="NonceLevel"/> is the nonce's level, and the nonce
/// acts as the owner.
/// </summary>
public sealed record MatrixCaller(
    string Key,
    string Label,
    Credential Credential,
    string User,
    string Roles,
    string Tenant = MatrixCallers.Tenant,
    PermissionLevel? Share = null,
    PermissionLevel? NonceLevel = null)
{
    public bool IsAdmin => Roles.Split(',').Contains(TestJwt.Roles.Admin);

    public bool IsPrivileged => Roles.Split(',').Contains(TestJwt.Roles.Privileged);

    /// <summary>At least one role Abaco knows (the user role, limited, privileged or admin).</summary>
    public bool HasAbacoRole => Roles.Split(',').Any(MatrixCallers.AbacoRoles.Contains);

    public bool HoldsNonce => Credential is Credential.ActorNonce or Credential.AliasNonce;

    public override string ToString() => Label;
}

/// <summary>Everyone who calls the matrix's routes, in tenant DEV unless said otherwise.</summary>
public static class MatrixCallers
{
    public const string Tenant = "DEV";
    public const string OtherTenant = "OTHER";
    public const string LimitedRole = "Internal/abaco-limited";

    public static readonly string[] AbacoRoles =
        [TestJwt.Roles.User, TestJwt.Roles.Admin, TestJwt.Roles.Privileged, LimitedRole];

    private static readonly string User = $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}";

    public static readonly MatrixCaller Owner =
        new("owner", "owner", Credential.Jwt, "owner", User, Share: PermissionLevel.Update);

    public static readonly IReadOnlyList<MatrixCaller> All =
    [
        Owner,
        new("reader", "READ sharer", Credential.Jwt, "reader", User, Share: PermissionLevel.Read),
        new("executor", "EXECUTE sharer", Credential.Jwt, "executor", User, Share: PermissionLevel.Execute),
        new("updater", "UPDATE sharer", Credential.Jwt, "updater", User, Share: PermissionLevel.Update),
        new("blocked", "NONE sharer", Credential.Jwt, "blocked", User, Share: PermissionLevel.None),
        new("stranger", "stranger in the tenant", Credential.Jwt, "stranger", User),
        new("other", "user of tenant OTHER", Credential.Jwt, "other", User, Tenant: OtherTenant),
        new("actor-nonce-read", "READ actor nonce", Credential.ActorNonce, "owner", User, NonceLevel: PermissionLevel.Read),
        new("actor-nonce-execute", "EXECUTE actor nonce", Credential.ActorNonce, "owner", User, NonceLevel: PermissionLevel.Execute),
        new("actor-nonce-update", "UPDATE actor nonce", Credential.ActorNonce, "owner", User, NonceLevel: PermissionLevel.Update),
        // An alias nonce cannot be made at UPDATE (as in the original), so there is no such holder.
        new("alias-nonce-read", "READ alias nonce", Credential.AliasNonce, "owner", User, NonceLevel: PermissionLevel.Read),
        new("alias-nonce-execute", "EXECUTE alias nonce", Credential.AliasNonce, "owner", User, NonceLevel: PermissionLevel.Execute),
        new("admin", "admin", Credential.Jwt, "boss", $"{TestJwt.Roles.Admin},{TestJwt.Roles.Everyone}"),
        new("privileged", "privileged user", Credential.Jwt, "vip", $"{TestJwt.Roles.Privileged},{TestJwt.Roles.User}"),
        // Limited users are plain users to Abaco (the gateway throttles them); this one is shared EXECUTE.
        new("limited", "limited user (EXECUTE sharer)", Credential.Jwt, "thrifty", $"{LimitedRole},{TestJwt.Roles.Everyone}",
            Share: PermissionLevel.Execute),
        new("roleless", "user without an Abaco role", Credential.Jwt, "nobody", TestJwt.Roles.Everyone),
        new("anonymous", "caller without credentials", Credential.None, "anonymous", ""),
        new("cross-tenant", "owner's token under tenant OTHER's header", Credential.JwtUnderOtherTenantsHeader, "owner", User),
        new("tenant-named", "owner's token naming DEV under DEV's header", Credential.JwtNamingItsTenant, "owner", User,
            Share: PermissionLevel.Update),
    ];

    public static MatrixCaller ByKey(string key) => All.Single(c => c.Key == key);

    /// <summary>Callers who tell the variants of a path apart well enough (unknown aliases, doubled slashes).</summary>
    public static readonly IReadOnlyList<MatrixCaller> Some =
        new[] { "owner", "reader", "stranger", "admin", "roleless", "actor-nonce-read", "anonymous" }.Select(ByKey).ToList();

    /// <summary>
    /// The claims a gateway may use to name a token's tenant, all set on the cross-tenant caller's token so that the
    /// node finds the tenant in whichever one it is configured to read.
    /// </summary>
    public static readonly string[] TenantClaims =
    [
        "tenant", "tenant_id", "http://wso2.org/claims/tenant", "http://wso2.org/claims/enduserTenantDomain",
        "http://wso2.org/claims/enduserTenantId",
    ];
}
