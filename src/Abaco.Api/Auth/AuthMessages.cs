namespace Abaco.Api.Auth;

/// <summary>
/// The texts of every refusal of the access control, copied from the original because clients match on them:
/// <c>actors/auth.py</c> (<c>authorization</c>, <c>check_privileged</c>, <c>check_nonce</c>, <c>get_db_id</c>),
/// <c>actors/models.py</c> (<c>get_permissions</c>, <c>get_config_permissions</c>, <c>Nonce.check_and_redeem_nonce</c>)
/// and <c>agaveflask/auth.py</c> (<c>check_jwt</c>). All are 400s unless said otherwise.
/// </summary>
public static class AuthMessages
{
    public const string NoCredentials = "No JWT or nonce provided.";
    /// <summary>agaveflask <c>check_jwt</c>: a JWT that does not decode, verify or name a user.</summary>
    public const string InvalidJwt = "Invalid JWT.";
    /// <summary>Ours: the original let expiry surface as a 500; the prefix stays the original's.</summary>
    public const string ExpiredJwt = "Invalid JWT: the token has expired.";
    /// <summary>Ours: a worker's token (<c>workers.generate_clients</c>) once its worker's client is gone.</summary>
    public const string RevokedWorkerToken = "Invalid JWT: the token was revoked: the worker it was issued to has stopped.";

    public const string MissingRole = "Not authorized -- missing required role.";
    public const string AdminRequired = "Abaco Admin role required.";
    public const string WorkersAdminOnly = "Not authorized -- only admins are authorized to update workers.";
    /// <summary><c>get_db_id</c>/<c>get_alias_id</c> on a path without the identifier they need.</summary>
    public const string NotAuthorized = "Not authorized.";

    public static string NoAccess(string noun) => $"Not authorized -- you do not have access to this {noun}.";
    public const string ActorNoun = "actor";
    public const string AliasNoun = "alias";
    public const string AliasAndActorNoun = "alias and actor";
    public const string ConfigNoun = "config";

    /// <summary>No permission document for an actor or alias (the original names the db id / alias id).</summary>
    public static string ActorDoesNotExist(string id) => $"Actor {id} does not exist";
    public static string ConfigDoesNotExist(string name) => $"Config {name} does not exist";
    /// <summary>404.</summary>
    public static string ActorNotFound(string identifier) => $"Actor with identifier '{identifier}' not found";
    /// <summary>404.</summary>
    public const string IdentifierMissing = "Unable to parse actor identifier: is it missing from the URL?";
    /// <summary>404.</summary>
    public const string NonceOnSearch =
        "'x-nonce' query parameter on the '/actors/search/{database}' endpoint does not resolve.";

    public const string NonceDoesNotExist = "Nonce does not exist.";
    public const string NonceLevelTooLow = "Nonce does not have sufficient permissions level.";
    public const string NonceUsedUp = "No remaining uses left for this nonce.";

    public const string PrivilegedActor = "Not authorized -- only admins and privileged users can make privileged actors.";
    public const string PrivilegedMaxWorkers = "Not authorized -- only admins and privileged users can set max workers.";
    public const string PrivilegedMaxCpus = "Not authorized -- only admins and privileged users can set max CPUs.";
    public const string PrivilegedMemLimit = "Not authorized -- only admins and privileged users can set mem limit.";
    public const string PrivilegedQueue = "Not authorized -- only admins and privileged users can set queue.";
    public const string PrivilegedContainerUid = "Not authorized -- only admins and privileged users can use container uid.";
}
