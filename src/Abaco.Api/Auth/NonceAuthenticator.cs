using Abaco.Api.Http;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Stores;

namespace Abaco.Api.Auth;

/// <summary>
/// <c>x-nonce</c> authentication (original-abaco.md §3.17; the original's <c>auth.check_nonce</c> and
/// <c>Nonce.check_and_redeem_nonce</c>): the nonce id names the tenant (<c>{tenant}_{hashid}</c>); the path's actor
/// identifier says where the nonce must be stored — under the actor's db id for an actor id, under the alias id
/// for an alias, so actor URLs accept only actor nonces and alias URLs only alias nonces. The nonce's level must
/// cover the request (GET READ, POST to messages EXECUTE, anything else UPDATE), then one use is redeemed
/// atomically. The caller becomes the nonce's owner with the roles stored on it, and the normal authorization
/// follows; a use is spent even when that authorization then refuses, as in the original.
/// </summary>
public sealed class NonceAuthenticator(IAccessLookups lookups, INonceStore nonces)
{
    public async Task<Caller> AuthenticateAsync(string nonceId, string method, AccessPath path, string apiServer,
        DateTime now, CancellationToken ct)
    {
        var cut = nonceId.LastIndexOf('_');
        var tenant = cut < 0 ? nonceId : nonceId[..cut];

        var identifier = Identifier(path);
        var actor = await AbacoAuthorizer.ResolveAsync(tenant, identifier, lookups, ct)
                    ?? throw ApiError.NotFound(AuthMessages.ActorNotFound(identifier));
        var subject = AbacoIds.IsHashid(identifier) ? actor.DbId : $"{tenant}_{identifier}";

        var required = RequiredLevel(method, path);
        var nonce = await nonces.GetAsync(subject, nonceId, ct)
                    ?? throw ApiError.BadRequest(AuthMessages.NonceDoesNotExist);
        if (nonce.Level < required) throw ApiError.BadRequest(AuthMessages.NonceLevelTooLow);

        var redemption = await nonces.RedeemAsync(subject, nonceId, now, ct);
        return redemption.Outcome switch
        {
            NonceRedemptionOutcome.Redeemed => new Caller(nonce.Owner, tenant, apiServer, nonce.Roles, Nonce: nonceId,
                NonceLevel: nonce.Level),
            NonceRedemptionOutcome.NoUsesLeft => throw ApiError.BadRequest(AuthMessages.NonceUsedUp),
            _ => throw ApiError.BadRequest(AuthMessages.NonceDoesNotExist),
        };
    }

    /// <summary>The original's <c>required_level</c>.</summary>
    public static PermissionLevel RequiredLevel(string method, AccessPath path)
    {
        if (string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase))
            return PermissionLevel.Read;
        if (string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) &&
            path.Family == RouteFamily.Actor && path.SubIs("messages"))
            return PermissionLevel.Execute;
        return PermissionLevel.Update;
    }

    /// <summary>
    /// The original's <c>get_db_id</c>: the segment after <c>/actors</c>, or after <c>/actors/aliases</c> on alias
    /// paths; any other first segment (utilization, configs, ...) is taken as an identifier too, and then is
    /// normally an unknown alias.
    /// </summary>
    private static string Identifier(AccessPath path)
    {
        var segments = path.Segments;
        if (segments.Length < 2 || path.Family == RouteFamily.Root) throw ApiError.BadRequest(AuthMessages.NotAuthorized);
        string identifier;
        if (AccessPath.Is(segments[1], "aliases"))
        {
            if (segments.Length < 3) throw ApiError.NotFound(AuthMessages.IdentifierMissing);
            identifier = segments[2];
        }
        else
        {
            identifier = segments[1];
        }
        if (AccessPath.Is(identifier, "search")) throw ApiError.NotFound(AuthMessages.NonceOnSearch);
        return identifier;
    }
}
