using System.Security.Cryptography;
using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using static Abaco.Api.Tests.Auth.AuthSamples;

namespace Abaco.Api.Tests.Auth;

/// <summary>Finding and checking the caller's credential (original-abaco.md §1.1 "Authentication").</summary>
public sealed class CallerAuthenticatorSpecs
{
    private readonly FakeNonceStore _nonces = new();
    private readonly FakeLookups _lookups = new();

    private Task<Caller> Authenticate(HttpContext http, AbacoSettings? settings = null)
    {
        settings ??= Settings();
        var clock = new FixedClock(Now);
        var authenticator = new CallerAuthenticator(settings, AccessKeys.FromSettings(settings.Web, clock),
            new NonceAuthenticator(_lookups, _nonces), _lookups, clock);
        return authenticator.AuthenticateAsync(http, RoutedRequests.Access(http.Request.Method, http.Request.Path.Value!)!, CancellationToken.None);
    }

    private static HttpContext Request(string path = "/actors", string method = "GET", string query = "",
        params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        if (query.Length > 0) http.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers) http.Request.Headers[name] = value;
        return http;
    }

    private async Task Refused(HttpContext http, string message, AbacoSettings? settings = null)
    {
        var e = await Assert.ThrowsAsync<ApiError>(() => Authenticate(http, settings));
        Assert.Equal((400, message), (e.StatusCode, e.Message));
    }

    [Fact(DisplayName = "X-Jwt-Assertion-DEV-DEVELOP: the user before '@', the roles, tenant DEV-DEVELOP, the header name")]
    public async Task JwtHeader()
    {
        var caller = await Authenticate(Request(headers: ("X-Jwt-Assertion-DEV-DEVELOP", ApimJwt("jdoe@carbon.super"))));

        Assert.Equal(("jdoe", "DEV-DEVELOP", "X-Jwt-Assertion-DEV-DEVELOP"), (caller.User, caller.Tenant, caller.JwtHeaderName));
        Assert.Equal(["Internal/everyone", "Internal/abaco-user"], caller.Roles.ToArray());
        Assert.Equal("https://api.example.org", caller.ApiServer);
        Assert.Null(caller.Nonce);
    }

    [Theory(DisplayName = "The header prefix is matched ignoring case and the tenant is its suffix upper-cased")]
    [InlineData("x-jwt-assertion-sd2e", "SD2E")]
    [InlineData("X-Jwt-Assertion-Dev-Develop", "DEV-DEVELOP")]
    [InlineData("X-JWT-ASSERTION-tacc-prod", "TACC-PROD")]
    public async Task TenantFromHeader(string header, string tenant) =>
        Assert.Equal(tenant, (await Authenticate(Request(headers: (header, ApimJwt())))).Tenant);

    [Fact(DisplayName = "Without an X-Jwt-Assertion header, an Assertion header is read with tenant DEV_STAGING")]
    public async Task AssertionHeader()
    {
        var caller = await Authenticate(Request(headers: ("Assertion", ApimJwt("someone"))));

        Assert.Equal(("someone", "DEV_STAGING", "Assertion"), (caller.User, caller.Tenant, caller.JwtHeaderName));
    }

    [Fact(DisplayName = "A JWT without a role claim gives Internal/everyone")]
    public async Task NoRoleClaim() =>
        Assert.Equal(["Internal/everyone"], (await Authenticate(Request(headers: ("X-Jwt-Assertion-T", ApimJwt(roles: null))))).Roles.ToArray());

    [Fact(DisplayName = "A JWT signed by another key is 'Invalid JWT.'")]
    public async Task BadSignature()
    {
        using var other = RSA.Create(2048);

        await Refused(Request(headers: ("X-Jwt-Assertion-T", ApimJwt(key: other))), "Invalid JWT.");
    }

    [Theory(DisplayName = "A JWT that is not a JWT is 'Invalid JWT.'")]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    public async Task NotAJwt(string value) => await Refused(Request(headers: ("X-Jwt-Assertion-T", value)), "Invalid JWT.");

    [Fact(DisplayName = "An expired JWT is refused, saying so")]
    public async Task Expired() =>
        await Refused(Request(headers: ("X-Jwt-Assertion-T", ApimJwt(expires: Now.AddMinutes(-1)))),
            "Invalid JWT: the token has expired.");

    [Fact(DisplayName = "Trailing whitespace and junk after the JWT are tolerated")]
    public async Task TrailingJunk() =>
        Assert.Equal("jdoe", (await Authenticate(Request(headers: ("X-Jwt-Assertion-T", ApimJwt() + "  junk!")))).User);

    [Fact(DisplayName = "An invalid JWT is not rescued by a nonce")]
    public async Task InvalidJwtNoFallback()
    {
        var nonce = Nonce(DbId(NewActorId()), null, PermissionLevel.Update);
        await _nonces.AddAsync(nonce);

        await Refused(Request($"/actors/{nonce.ActorDbId![(Tenant.Length + 1)..]}", query: $"?x-nonce={nonce.Id}",
            headers: ("X-Jwt-Assertion-T", "garbage")), "Invalid JWT.");
        Assert.Equal(0, _nonces.Redemptions);
    }

    [Fact(DisplayName = "Authorization: Bearer with an Abaco token: user, tenant and roles from its claims")]
    public async Task BearerToken()
    {
        var token = AbacoTokens.FromBase64Key(TokenKey, new FixedClock(Now))
            .Issue("worker-user", "SD2E", ["Internal/abaco-user"], TimeSpan.FromMinutes(5));

        var caller = await Authenticate(Request(headers: ("Authorization", $"Bearer {token}")));

        Assert.Equal(("worker-user", "SD2E", "Authorization"), (caller.User, caller.Tenant, caller.JwtHeaderName));
        Assert.Equal(["Internal/abaco-user"], caller.Roles.ToArray());
    }

    [Fact(DisplayName = "A bearer token signed with another key, or expired, is refused")]
    public async Task BadBearer()
    {
        var other = AbacoTokens.FromBase64Key(AbacoTokens.GenerateKey(), new FixedClock(Now))
            .Issue("u", "t", [], TimeSpan.FromMinutes(5));
        var expired = AbacoTokens.FromBase64Key(TokenKey, new FixedClock(Now.AddHours(-1)))
            .Issue("u", "t", [], TimeSpan.FromMinutes(5));

        await Refused(Request(headers: ("Authorization", $"Bearer {other}")), "Invalid JWT.");
        await Refused(Request(headers: ("Authorization", $"bearer {expired}")), "Invalid JWT: the token has expired.");
    }

    private static string IssueWorkerToken(string actorId, string workerId, string? clientId) =>
        AbacoTokens.FromBase64Key(TokenKey, new FixedClock(Now)).Issue("owner", Tenant, [UserRole],
            TimeSpan.FromMinutes(5), new AbacoTokenExtras(actorId, workerId, clientId));

    [Fact(DisplayName = "A worker's token is accepted while its worker's client is recorded, as the actor's owner")]
    public async Task WorkerToken()
    {
        var actorId = NewActorId();
        _lookups.Client(DbId(actorId), "w1", "k1");
        var token = IssueWorkerToken(actorId, "w1", "k1");

        var caller = await Authenticate(Request(headers: ("Authorization", $"Bearer {token}")));

        Assert.Equal(("owner", Tenant), (caller.User, caller.Tenant));
        Assert.Equal([UserRole], caller.Roles.ToArray());
    }

    [Fact(DisplayName = "A worker's token is revoked once its worker's client is gone")]
    public async Task StoppedWorkerToken()
    {
        var actorId = NewActorId();
        _lookups.Client(DbId(actorId), "w1", "k1").Client(DbId(actorId), "w2", "k2");
        var token = IssueWorkerToken(actorId, "w1", "k1");
        _lookups.RemoveClient(DbId(actorId), "w1");

        await Refused(Request(headers: ("Authorization", $"Bearer {token}")), AuthMessages.RevokedWorkerToken);
        // Another actor's worker of the same id and client does not keep it alive either.
        var other = IssueWorkerToken(NewActorId(), "w2", "k2");
        await Refused(Request(headers: ("Authorization", $"Bearer {other}")), AuthMessages.RevokedWorkerToken);
    }

    [Fact(DisplayName = "A worker's token naming another client than its worker's, or none, is refused as revoked")]
    public async Task WorkerTokenOfAnotherClient()
    {
        var actorId = NewActorId();
        _lookups.Client(DbId(actorId), "w1", "k1");
        var otherClient = IssueWorkerToken(actorId, "w1", "k0");
        var noClient = IssueWorkerToken(actorId, "w1", null);

        await Refused(Request(headers: ("Authorization", $"Bearer {otherClient}")), AuthMessages.RevokedWorkerToken);
        await Refused(Request(headers: ("Authorization", $"Bearer {noClient}")), AuthMessages.RevokedWorkerToken);
    }

    [Fact(DisplayName = "A worker's token without its actor is 'Invalid JWT.'")]
    public async Task WorkerTokenWithoutActor()
    {
        var token = AbacoTokens.FromBase64Key(TokenKey, new FixedClock(Now))
            .Issue("owner", Tenant, [UserRole], TimeSpan.FromMinutes(5), new AbacoTokenExtras(WorkerId: "w1"));

        await Refused(Request(headers: ("Authorization", $"Bearer {token}")), "Invalid JWT.");
    }

    [Fact(DisplayName = "An opaque (non-JWT) bearer token is ignored, as the original ignored bearer tokens")]
    public async Task OpaqueBearer() =>
        await Refused(Request(headers: ("Authorization", "Bearer 4f2a9c0e3b1d")), "No JWT or nonce provided.");

    [Fact(DisplayName = "The X-Jwt-Assertion header wins over a bearer token and a nonce")]
    public async Task Precedence()
    {
        var caller = await Authenticate(Request(query: "?x-nonce=T_abc",
            headers: [("X-Jwt-Assertion-T", ApimJwt("jwtuser")), ("Authorization", "Bearer a.b.c")]));

        Assert.Equal("jwtuser", caller.User);
    }

    [Fact(DisplayName = "Without a JWT, x-nonce authenticates when web.accept_nonce is on")]
    public async Task Nonce_()
    {
        var actorId = NewActorId();
        var nonce = Nonce(DbId(actorId), null, PermissionLevel.Read);
        await _nonces.AddAsync(nonce);

        var caller = await Authenticate(Request($"/actors/{actorId}", query: $"?x-nonce={nonce.Id}"));

        Assert.Equal(("owner", Tenant, nonce.Id), (caller.User, caller.Tenant, caller.Nonce));
        Assert.Equal("https://api.example.org", caller.ApiServer);
    }

    [Fact(DisplayName = "Without a JWT or a nonce: 'No JWT or nonce provided.'")]
    public async Task Nothing() => await Refused(Request(), "No JWT or nonce provided.");

    [Fact(DisplayName = "With web.accept_nonce off, a nonce is not looked at")]
    public async Task NonceOff() =>
        await Refused(Request(query: "?x-nonce=T_abc"), "No JWT or nonce provided.", Settings(acceptNonce: false));

    [Fact(DisplayName = "The x-nonce parameter name is exact, as in the original")]
    public async Task NonceNameExact() => await Refused(Request(query: "?X-Nonce=T_abc"), "No JWT or nonce provided.");

    [Fact(DisplayName = "With access_control none: anonymous, role ALL, tenant from the header, whatever credentials")]
    public async Task NoAccessControl()
    {
        var caller = await Authenticate(Request(headers: [("tenant", "SD2E"), ("X-Jwt-Assertion-T", "garbage")]),
            Settings(AccessControl.None));

        Assert.Equal(("anonymous", "SD2E"), (caller.User, caller.Tenant));
        Assert.Equal([AbacoRoles.All], caller.Roles.ToArray());
    }

    [Fact(DisplayName = "A configured key that is not a key stops the node")]
    public void BadKey() =>
        Assert.Throws<InvalidOperationException>(() => AccessKeys.FromSettings(
            Settings().Web with { ApimPublicKey = "bm90IGEga2V5" }));

    [Fact(DisplayName = "With jwt and no APIM key configured, JWT headers are refused")]
    public async Task NoApimKey() =>
        await Refused(Request(headers: ("X-Jwt-Assertion-T", ApimJwt())), "Invalid JWT.",
            Settings() with { Web = Settings().Web with { ApimPublicKey = "" } });
}
