using Abaco.Core.Permissions;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>How a row names the actor of an actor-scoped route.</summary>
public enum Addressing
{
    /// <summary>The route has no actor in its path.</summary>
    Direct,
    ById,
    ByAlias,
    /// <summary>By an alias that does not exist.</summary>
    ByUnknownAlias,
}

public enum OutcomeKind
{
    /// <summary>The request reaches the handler: a 2xx, or the handler's own answer about a missing sub-object.</summary>
    Allowed,
    /// <summary>Refused with exactly this status and message.</summary>
    Refused,
    /// <summary>Refused with this status and a message that mentions <see cref="Outcome.Message"/>.</summary>
    RefusedAbout,
}

/// <summary>
/// An expected answer. Messages may hold placeholders filled from the scene when the row runs: <c>{actor_id}</c>,
/// <c>{alias}</c>, <c>{config}</c>, <c>{missing}</c>, <c>{unknown}</c>.
/// </summary>
public sealed record Outcome(OutcomeKind Kind, int Status, string Message)
{
    public static Outcome Allowed(int status = 200, string message = "") => new(OutcomeKind.Allowed, status, message);
    public static Outcome Refused(string message, int status = 400) => new(OutcomeKind.Refused, status, message);

    public override string ToString() => Kind switch
    {
        OutcomeKind.Allowed when Status == 200 => "allowed",
        OutcomeKind.Allowed => $"allowed (handler answers {Status} \"{Message}\")",
        OutcomeKind.RefusedAbout => $"refused {Status} (message about \"{Message}\")",
        _ => $"refused {Status} \"{Message}\"",
    };
}

/// <summary>
/// The authorization rules, written once: what a caller gets on a route. In order, as the node decides:
/// <list type="number">
/// <item>Health probes answer everyone.</item>
/// <item>Authentication: no credential, or a token under another tenant's header, is refused. A nonce must be used
/// on a path that names its actor or alias, exactly as it was made (an actor nonce on the id, an alias nonce on the
/// alias), and cover the request (GET needs READ, POST of a message EXECUTE, anything else UPDATE); it then acts as
/// its owner.</item>
/// <item>An alias that the caller's tenant does not know is a 404 before anything else.</item>
/// <item>No Abaco role: refused. Admin: allowed everywhere. Admin-only routes refuse everyone else.</item>
/// <item>Otherwise the level on the actor, alias or config decides (NONE grants nothing); adding workers is for
/// admins only.</item>
/// </list>
/// </summary>
public static class MatrixRules
{
    public const string NoCredentials = "No JWT or nonce provided.";
    public const string MissingRole = "Not authorized -- missing required role.";
    public const string AdminRequired = "Abaco Admin role required.";
    public const string WorkersAdminOnly = "Not authorized -- only admins are authorized to update workers.";
    public const string NotAuthorized = "Not authorized.";
    public const string IdentifierMissing = "Unable to parse actor identifier: is it missing from the URL?";
    public const string NonceOnSearch =
        "'x-nonce' query parameter on the '/actors/search/{database}' endpoint does not resolve.";
    public const string NonceDoesNotExist = "Nonce does not exist.";
    public const string NonceLevelTooLow = "Nonce does not have sufficient permissions level.";
    public const string PrivilegedMaxWorkers = "Not authorized -- only admins and privileged users can set max workers.";

    private static string NoAccess(string noun) => $"Not authorized -- you do not have access to this {noun}.";
    private static string NotFound(string identifier) => $"Actor with identifier '{identifier}' not found";

    public static Outcome Expect(MatrixRoute route, Addressing addressing, MatrixCaller caller)
    {
        if (route.Need == Need.Nothing) return Allowed(route);
        return caller.Credential switch
        {
            Credential.None => Outcome.Refused(NoCredentials),
            // Whatever the words, the refusal is about the tenant.
            Credential.JwtUnderOtherTenantsHeader => new Outcome(OutcomeKind.RefusedAbout, 400, "tenant"),
            Credential.ActorNonce or Credential.AliasNonce => ThroughNonce(route, addressing, caller),
            _ => AsUser(route, addressing, caller, caller.Share),
        };
    }

    /// <summary>What the node answers a nonce holder: where the nonce may be used, its level, then the owner's rights.</summary>
    private static Outcome ThroughNonce(MatrixRoute route, Addressing addressing, MatrixCaller caller)
    {
        var t = route.Template;
        if (t == "/actors") return Outcome.Refused(NotAuthorized);
        if (t == "/actors/aliases") return Outcome.Refused(IdentifierMissing, 404);
        if (t.StartsWith("/actors/search/", StringComparison.Ordinal)) return Outcome.Refused(NonceOnSearch, 404);
        // Operator surfaces outside /actors: whatever the gate says, a nonce opens nothing there.
        if (t is "/metrics" or "/cron") return new Outcome(OutcomeKind.RefusedAbout, 400, "");
        if (addressing == Addressing.ByUnknownAlias) return Outcome.Refused(NotFound("{unknown}"), 404);
        var segments = t.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var onAlias = t.StartsWith("/actors/aliases/", StringComparison.Ordinal) || addressing == Addressing.ByAlias;
        // Where a nonce can be used at all, it is an actor nonce on the actor's id, an alias nonce on its alias.
        if (!route.IsActorScoped && !onAlias)
            // The word after /actors (or /admin) is taken for an alias, which does not exist.
            return Outcome.Refused(NotFound(segments[1]), 404);

        if (onAlias != (caller.Credential == Credential.AliasNonce)) return Outcome.Refused(NonceDoesNotExist);
        var required = route.Method == "GET" ? PermissionLevel.Read
            : route.Method == "POST" && t == "/actors/{actor}/messages" ? PermissionLevel.Execute
            : PermissionLevel.Update;
        if (caller.NonceLevel < required) return Outcome.Refused(NonceLevelTooLow);
        return AsUser(route, addressing, MatrixCallers.Owner, MatrixCallers.Owner.Share);
    }

    private static Outcome AsUser(MatrixRoute route, Addressing addressing, MatrixCaller caller, PermissionLevel? share)
    {
        var elsewhere = caller.Tenant != MatrixCallers.Tenant;
        // The actor's identifier is resolved first: an alias unknown in the caller's tenant is a 404 for anyone.
        if (addressing == Addressing.ByUnknownAlias) return Outcome.Refused(NotFound("{unknown}"), 404);
        if (addressing == Addressing.ByAlias && elsewhere) return Outcome.Refused(NotFound("{alias}"), 404);
        if (!caller.HasAbacoRole) return Outcome.Refused(MissingRole);
        if (caller.IsAdmin) return Allowed(route);
        // check_privileged comes before any permission: a privileged field is refused to anyone else.
        if (route.PrivilegedBody && !caller.IsPrivileged) return Outcome.Refused(PrivilegedMaxWorkers);
        var level = share ?? PermissionLevel.None;
        bool Holds(PermissionLevel required) => level > PermissionLevel.None && level >= required;

        switch (route.Need)
        {
            case Need.Admin:
                return Outcome.Refused(AdminRequired);
            case Need.AnyUser:
                return Allowed(route);
            case Need.UpdateOnActorInBody:
                if (elsewhere)
                    return Outcome.Refused(route.Template == "/actors/aliases"
                        ? "No actor found with id: {actor_id}."
                        : "No actor or alias found with id: {actor_id}.", 404);
                return Holds(PermissionLevel.Update)
                    ? Allowed(route)
                    : Outcome.Refused("Not authorized -- you do not have access to {actor_id}.");
            case Need.WorkersAdmin:
                return Outcome.Refused(WorkersAdminOnly);
            case Need.ActorRead or Need.ActorExecute or Need.ActorUpdate:
                if (elsewhere) return Outcome.Refused($"Actor {MatrixCallers.OtherTenant}_{{actor_id}} does not exist");
                return Holds(Required(route.Need)) ? Allowed(route) : Outcome.Refused(NoAccess("actor"));
            case Need.AliasRead or Need.AliasUpdate:
                if (elsewhere) return Outcome.Refused(NotFound("{alias}"), 404);
                return Holds(Required(route.Need)) ? Allowed(route) : Outcome.Refused(NoAccess("alias"));
            case Need.AliasAndActorRead or Need.AliasAndActorUpdate:
                if (elsewhere) return Outcome.Refused(NotFound("{alias}"), 404);
                return Holds(Required(route.Need)) ? Allowed(route) : Outcome.Refused(NoAccess("alias and actor"));
            case Need.ConfigRead or Need.ConfigUpdate:
                if (elsewhere) return Outcome.Refused("Config {config} does not exist");
                return Holds(Required(route.Need)) ? Allowed(route) : Outcome.Refused(NoAccess("config"));
            default:
                throw new InvalidOperationException($"No rule for {route.Need}");
        }
    }

    private static PermissionLevel Required(Need need) => need switch
    {
        Need.ActorRead or Need.AliasRead or Need.AliasAndActorRead or Need.ConfigRead => PermissionLevel.Read,
        Need.ActorExecute => PermissionLevel.Execute,
        _ => PermissionLevel.Update,
    };

    /// <summary>What the handler answers once it is reached (its own answer for a sub-object that does not exist).</summary>
    private static Outcome Allowed(MatrixRoute route) => (route.Sub, route.Template) switch
    {
        (SubObject.Missing, "/actors/{actor}/executions/{execution}") => Outcome.Allowed(400,
            "No executions found with actor id of {actor_id} and execution id of {missing}."),
        (SubObject.Missing, "/actors/{actor}/workers/{worker}") => Outcome.Allowed(404, "Worker not found."),
        (SubObject.Missing, "/admin/dashboard/actors/{actor}/executions/{execution}/logs") => Outcome.Allowed(400,
            "No executions found with actor db id of {actor_id} and execution id of {missing}."),
        (SubObject.Missing, _) => Outcome.Allowed(400, "Nonce not found."),
        _ => Outcome.Allowed(),
    };

    /// <summary>
    /// The highest nonce level a caller may see when listing nonces: their own level (a nonce holder's is the
    /// nonce's, never more), everything for admins and owners.
    /// </summary>
    public static PermissionLevel NonceListingCap(MatrixCaller caller) =>
        caller.IsAdmin ? PermissionLevel.Update
        : caller.HoldsNonce ? caller.NonceLevel!.Value
        : caller.Share ?? PermissionLevel.None;

    /// <summary>Whether the caller sees the scene's actor in <c>GET /actors</c>: READ or more, or admin.</summary>
    public static bool ListsActor(MatrixCaller caller) => caller.IsAdmin || HoldsRead(caller);

    /// <summary>
    /// Whether search finds the scene's actor for the caller: their own entry of READ or more. Admins are not
    /// asserted on: search looks at the caller's own entries, as the original's did, and an admin has none here.
    /// </summary>
    public static bool? FindsActor(MatrixCaller caller) => caller.IsAdmin ? null : HoldsRead(caller);

    private static bool HoldsRead(MatrixCaller caller) => caller.Share is { } level && level >= PermissionLevel.Read;
}
