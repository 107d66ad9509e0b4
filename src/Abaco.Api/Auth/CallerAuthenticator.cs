using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Api.Http;
using Abaco.Core.Ids;
using Abaco.Core.Security;
using Abaco.Core.Settings;

namespace Abaco.Api.Auth;

/// <summary>
/// Who is calling (original-abaco.md §1.1 "Authentication"). With <c>web.access_control = none</c> everyone is
/// <see cref="Caller.From"/>'s anonymous admin. With <c>jwt</c>, the first credential found wins, in this order:
/// <list type="number">
/// <item>a header named <c>X-Jwt-Assertion-{TENANT}</c> (any case; the tenant is the suffix upper-cased), verified
/// with the API manager's key;</item>
/// <item>a header <c>Assertion</c> (tenant <c>DEV_STAGING</c>: agaveflask's <c>dev_staging</c>, upper-cased like
/// every JWT tenant);</item>
/// <item><c>Authorization: Bearer</c> with an Abaco-issued token (the tenant is its claim); a bearer value that is not
/// even JWT-shaped (an opaque OAuth token, which the original ignored) does not count. A token issued to a worker
/// (<c>worker_id</c> claim, <c>workers.generate_clients</c>) is accepted only while the worker's client it names
/// (<c>abaco_client</c>) is recorded: stopping the worker deletes its client and so revokes the token, as the original
/// deleted the worker's OAuth client;</item>
/// <item>with <c>web.accept_nonce</c>, the <c>x-nonce</c> query parameter (<see cref="NonceAuthenticator"/>).</item>
/// </list>
/// A credential that is present but bad is refused; nothing else is tried after it (the original too fell back to
/// the nonce only when there was no JWT at all).
/// </summary>
public sealed class CallerAuthenticator(AbacoSettings settings, AccessKeys keys, NonceAuthenticator nonces,
    IAccessLookups lookups, TimeProvider clock)
{
    public const string JwtHeaderPrefix = "X-Jwt-Assertion-";
    public const string AssertionHeader = "Assertion";
    public const string AssertionTenant = "DEV_STAGING";
    public const string NonceParameter = "x-nonce";

    private readonly string _apiServer = settings.Web.ApiServer.TrimEnd('/');

    public async Task<Caller> AuthenticateAsync(HttpContext http, AccessPath path, CancellationToken ct)
    {
        if (settings.Web.AccessControl != AccessControl.Jwt) return Caller.From(http, settings);
        var request = http.Request;
        var now = clock.GetUtcNow();

        foreach (var (name, value) in request.Headers)
        {
            if (name.Length > JwtHeaderPrefix.Length && name.StartsWith(JwtHeaderPrefix, StringComparison.OrdinalIgnoreCase))
                return FromApim(name, value.ToString(), name[JwtHeaderPrefix.Length..].ToUpperInvariant(), now);
        }
        if (request.Headers.TryGetValue(AssertionHeader, out var assertion))
            return FromApim(AssertionHeader, assertion.ToString(), AssertionTenant, now);

        if (BearerToken(request) is { } bearer && keys.Tokens is { } tokens)
        {
            var verified = tokens.TryVerify(bearer, now);
            if (!verified.IsValid) throw Refusal(verified.Rejection.Value);
            var p = verified.Principal;
            if (p.WorkerId is not null) await CheckWorkerAsync(p, ct);
            return new Caller(p.User, p.Tenant, _apiServer, p.Roles, JwtHeaderName: "Authorization");
        }

        if (settings.Web.AcceptNonce && ExactQuery.TryGet(request.QueryString, NonceParameter, out var nonceId))
            return await nonces.AuthenticateAsync(nonceId, request.Method, path, _apiServer, now.UtcDateTime, ct);

        throw ApiError.BadRequest(AuthMessages.NoCredentials);
    }

    /// <summary>
    /// A worker's token names its actor (id, in the token's tenant), the worker and the worker's client, which must
    /// still exist. A token without a client (issued before workers had clients) is refused as revoked.
    /// </summary>
    private async Task CheckWorkerAsync(AbacoTokenPrincipal p, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(p.ActorId)) throw ApiError.BadRequest(AuthMessages.InvalidJwt);
        var actorDbId = new ActorKey(p.Tenant, new ActorId(p.ActorId)).DbId;
        if (p.ClientId is null || !await lookups.ClientExistsAsync(actorDbId, p.WorkerId!, p.ClientId, ct))
            throw ApiError.BadRequest(AuthMessages.RevokedWorkerToken);
    }

    private Caller FromApim(string headerName, string token, string tenant, DateTimeOffset now)
    {
        if (keys.Apim is null) throw ApiError.BadRequest(AuthMessages.InvalidJwt);
        var verified = keys.Apim.Verify(token, now);
        if (!verified.IsValid) throw Refusal(verified.Rejection.Value);
        CheckTenant(verified.Principal.Claims, tenant);
        return new Caller(verified.Principal.User, tenant, _apiServer, verified.Principal.Roles, JwtHeaderName: headerName);
    }

    /// <summary>
    /// A token that names its tenant (claim <c>web.tenant_claim</c>) is good only under that tenant's header: the
    /// original took the tenant from the header alone, so a user of one tenant could act in another by renaming the
    /// header. Compared ignoring case, with <c>.</c>, <c>-</c> and <c>_</c> alike (<c>dev.develop</c> is
    /// <c>DEV-DEVELOP</c>).
    /// </summary>
    private void CheckTenant(JsonElement claims, string headerTenant)
    {
        var claim = settings.Web.TenantClaim;
        if (claim.Length == 0 || claims.ValueKind != JsonValueKind.Object ||
            !claims.TryGetProperty(claim, out var named) || named.ValueKind != JsonValueKind.String) return;
        var tenant = named.GetString()!;
        if (!string.Equals(Normal(tenant), Normal(headerTenant), StringComparison.Ordinal))
            throw ApiError.BadRequest(WrongTenant(tenant, headerTenant));
    }

    public static string WrongTenant(string tokenTenant, string headerTenant) =>
        $"Invalid JWT: the token is for tenant {tokenTenant} but was presented for tenant {headerTenant}.";

    private static string Normal(string tenant) =>
        tenant.Trim().ToUpperInvariant().Replace('.', '-').Replace('_', '-');

    /// <summary>The token of <c>Authorization: Bearer &lt;token&gt;</c> when it looks like a JWT (two dots).</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[scheme.Length..].Trim();
        return token.Count(c => c == '.') >= 2 ? token : null;
    }

    private static ApiError Refusal(TokenRejection rejection) =>
        ApiError.BadRequest(rejection == TokenRejection.Expired ? AuthMessages.ExpiredJwt : AuthMessages.InvalidJwt);
}
