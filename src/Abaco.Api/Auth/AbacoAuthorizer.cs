using System.Collections.Immutable;
using Abaco.Api.Routes;
using Abaco.Core.Permissions;

namespace Abaco.Api.Auth;

/// <summary>
/// One request to authorize: the method, the path, the authenticated caller, and a way to read the request's
/// privileged fields should the decision need them (read lazily: most requests never need the body).
/// </summary>
public sealed record AccessRequest(
    string Method,
    AccessPath Path,
    string Tenant,
    string User,
    ImmutableArray<string> Roles,
    Func<CancellationToken, Task<PrivilegedFields>> ReadFields);

/// <summary>The outcome: allowed (with the actor the path addresses, if any), or refused with status and message.</summary>
public sealed record AccessDecision(bool Allowed, int StatusCode, string Message, ResolvedActor? Target)
{
    public static AccessDecision Allow(ResolvedActor? target = null) => new(true, 200, "", target);
    public static AccessDecision Deny(string message) => new(false, 400, message, null);
    public static AccessDecision NotFound(string message) => new(false, 404, message, null);
}

/// <summary>
/// The original's <c>auth.authorization()</c> and <c>check_privileged()</c> (original-abaco.md §1.1), as a pure decision
/// over the route the router chose (family, name and sub-resource, see AccessPath), the caller and the permission
/// documents. In order:
/// <list type="number">
/// <item>OPTIONS is allowed.</item>
/// <item>Actor-scoped paths resolve their identifier first — an unknown alias is a 404 for everyone, admins
/// included, as in the original (which resolved before looking at roles).</item>
/// <item>Role <c>ALL</c> (no access control) is allowed; no Abaco role (ALL, admin, privileged,
/// <c>web.user_role</c>, limited; no roles at all count as <c>Internal/everyone</c>) is refused; the admin role is
/// allowed; any other caller on an <c>admin</c> path is refused.</item>
/// <item>Utilization and search: allowed. <c>/actors</c>: GET allowed, POST after check_privileged.</item>
/// <item><c>/actors/configs/{name}</c>: READ (GET) or UPDATE on the config. <c>/actors/aliases/{alias}</c>: READ
/// (GET) or UPDATE on the alias, and for its nonces the same on the actor too. The roots are allowed.</item>
/// <item>Actor paths: GET READ, DELETE UPDATE; POST/PUT run check_privileged, then workers are admin-only,
/// messages need EXECUTE, the rest UPDATE (so DELETE of one worker needs only UPDATE, as in the original).</item>
/// </list>
/// Two deliberate departures: check_privileged is not applied to message and state bodies (they are the user's
/// data, not an actor description — the original refused e.g. a message <c>{"queue": "x"}</c>, original-abaco.md §5.9
/// quirk 15), and config permissions are checked on the config's own document <c>{tenant}_{name}</c> (the
/// original fell through to an actor check on <c>None</c> and refused every non-admin).
/// </summary>
public sealed class AbacoAuthorizer(string userRole)
{
    private readonly ImmutableHashSet<string> _abacoRoles =
        [AbacoRoles.All, AbacoRoles.Admin, AbacoRoles.Privileged, userRole, AbacoRoles.Limited];

    public async Task<AccessDecision> DecideAsync(AccessRequest request, IAccessLookups lookups, CancellationToken ct)
    {
        if (IsMethod(request, "OPTIONS")) return AccessDecision.Allow();
        var path = request.Path;

        ResolvedActor? target = null;
        if (path.Family == RouteFamily.Actor)
        {
            target = await ResolveAsync(request.Tenant, path.Name!, lookups, ct);
            if (target is null) return AccessDecision.NotFound(AuthMessages.ActorNotFound(path.Name!));
        }

        var roles = request.Roles.IsDefaultOrEmpty ? [AbacoRoles.Everyone] : request.Roles;
        if (roles.Contains(AbacoRoles.All)) return AccessDecision.Allow(target);
        if (!roles.Any(_abacoRoles.Contains)) return AccessDecision.Deny(AuthMessages.MissingRole);
        if (roles.Contains(AbacoRoles.Admin)) return AccessDecision.Allow(target);
        if (path.MentionsAdmin) return AccessDecision.Deny(AuthMessages.AdminRequired);
        var privileged = roles.Contains(AbacoRoles.Privileged);

        switch (path.Family)
        {
            case RouteFamily.Utilization:
            case RouteFamily.Search:
            case RouteFamily.ConfigsRoot:
            case RouteFamily.AliasesRoot:
                return AccessDecision.Allow();

            case RouteFamily.Root:
                if (IsMethod(request, "POST") &&
                    await CheckPrivilegedAsync(request, privileged, ct) is { } refusal) return AccessDecision.Deny(refusal);
                return AccessDecision.Allow();

            case RouteFamily.Config:
            {
                var level = IsRead(request) ? PermissionLevel.Read : PermissionLevel.Update;
                var entries = await lookups.PermissionsAsync(PermissionScope.Config, $"{request.Tenant}_{path.Name}", ct);
                if (entries is null) return AccessDecision.Deny(AuthMessages.ConfigDoesNotExist(path.Name!));
                return PermissionRules.Allows(entries, request.User, level)
                    ? AccessDecision.Allow()
                    : AccessDecision.Deny(AuthMessages.NoAccess(AuthMessages.ConfigNoun));
            }

            case RouteFamily.Alias:
            {
                var alias = await ResolveAsync(request.Tenant, path.Name!, lookups, ct);
                if (alias is null) return AccessDecision.NotFound(AuthMessages.ActorNotFound(path.Name!));
                var aliasId = $"{request.Tenant}_{path.Name}";
                alias = alias with { AliasId = aliasId };
                var level = IsRead(request) ? PermissionLevel.Read : PermissionLevel.Update;
                var nonces = path.SubIs("nonces");
                var noun = nonces ? AuthMessages.AliasAndActorNoun : AuthMessages.AliasNoun;

                var onAlias = await lookups.PermissionsAsync(PermissionScope.Alias, aliasId, ct);
                if (onAlias is null) return AccessDecision.Deny(AuthMessages.ActorDoesNotExist(aliasId));
                if (!PermissionRules.Allows(onAlias, request.User, level)) return AccessDecision.Deny(AuthMessages.NoAccess(noun));
                if (nonces)
                {
                    var onActor = await lookups.PermissionsAsync(PermissionScope.Actor, alias.DbId, ct);
                    if (onActor is null) return AccessDecision.Deny(AuthMessages.ActorDoesNotExist(alias.DbId));
                    if (!PermissionRules.Allows(onActor, request.User, level)) return AccessDecision.Deny(AuthMessages.NoAccess(noun));
                }
                return AccessDecision.Allow(alias);
            }

            default:
            {
                PermissionLevel level;
                if (IsRead(request))
                {
                    level = PermissionLevel.Read;
                }
                else if (IsMethod(request, "DELETE"))
                {
                    level = PermissionLevel.Update;
                }
                else
                {
                    if ((IsMethod(request, "POST") || IsMethod(request, "PUT")) && !IsUserData(path) &&
                        await CheckPrivilegedAsync(request, privileged, ct) is { } notPrivileged)
                        return AccessDecision.Deny(notPrivileged);
                    if (path.SubIs("workers")) return AccessDecision.Deny(AuthMessages.WorkersAdminOnly);
                    level = path.SubIs("messages") ? PermissionLevel.Execute : PermissionLevel.Update;
                }
                var entries = await lookups.PermissionsAsync(PermissionScope.Actor, target!.DbId, ct);
                if (entries is null) return AccessDecision.Deny(AuthMessages.ActorDoesNotExist(target.DbId));
                return PermissionRules.Allows(entries, request.User, level)
                    ? AccessDecision.Allow(target)
                    : AccessDecision.Deny(AuthMessages.NoAccess(AuthMessages.ActorNoun));
            }
        }
    }

    /// <summary>
    /// <c>Actor.get_actor_id</c>: a Hashid is an actor id (whether or not such an actor exists); anything else is an
    /// alias of the tenant. Null when it is an unknown alias.
    /// </summary>
    public static async Task<ResolvedActor?> ResolveAsync(string tenant, string identifier, IAccessLookups lookups,
        CancellationToken ct)
    {
        if (ActorIdentifiers.IsHashid(identifier)) return new ResolvedActor(identifier, tenant, identifier, null);
        var actorId = await lookups.AliasTargetAsync(tenant, identifier, ct);
        return actorId is null ? null : new ResolvedActor(identifier, tenant, actorId, $"{tenant}_{identifier}");
    }

    /// <summary>
    /// <c>check_privileged()</c> for a caller that is not an admin: the refusal, or null. Privileged callers may set
    /// everything; the container-uid check runs always because the original's <c>workers.use_tas_uid</c> guard
    /// was a non-empty string, hence always on.
    /// </summary>
    private static async Task<string?> CheckPrivilegedAsync(AccessRequest request, bool privileged, CancellationToken ct)
    {
        if (privileged) return null;
        var fields = await request.ReadFields(ct);
        if (fields.IsSet(PrivilegedFieldKind.Boolean, "privileged")) return AuthMessages.PrivilegedActor;
        if (fields.IsSet(PrivilegedFieldKind.Number, "max_workers", "maxWorkers")) return AuthMessages.PrivilegedMaxWorkers;
        if (fields.IsSet(PrivilegedFieldKind.Number, "max_cpus", "maxCpus")) return AuthMessages.PrivilegedMaxCpus;
        if (fields.IsSet(PrivilegedFieldKind.Text, "mem_limit", "memLimit")) return AuthMessages.PrivilegedMemLimit;
        if (fields.IsSet(PrivilegedFieldKind.Text, "queue")) return AuthMessages.PrivilegedQueue;
        if (fields.IsSet(PrivilegedFieldKind.Boolean, "use_container_uid", "useContainerUid"))
            return AuthMessages.PrivilegedContainerUid;
        return null;
    }

    /// <summary>Message and state bodies are the user's data, never an actor description.</summary>
    private static bool IsUserData(AccessPath path) => path.SubIs("messages") || path.SubIs("state");

    private static bool IsRead(AccessRequest request) => IsMethod(request, "GET") || IsMethod(request, "HEAD");

    private static bool IsMethod(AccessRequest request, string method) =>
        string.Equals(request.Method, method, StringComparison.OrdinalIgnoreCase);
}
