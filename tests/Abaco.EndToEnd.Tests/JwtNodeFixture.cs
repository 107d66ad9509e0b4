using Abaco.Testing;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// The people of the multi-user scenario. In tenant DEV: the actor's <see cref="Owner"/>, a <see cref="Friend"/> it
/// gets shared with, a <see cref="Stranger"/> it is not shared with, an <see cref="Admin"/>, a
/// <see cref="Privileged"/> user, someone with no Abaco role at all (<see cref="Roleless"/>), and
/// <see cref="Anonymous"/>, who has no JWT (only, at times, a nonce). <see cref="Other"/> is a plain user of tenant
/// OTHER.
/// </summary>
public sealed record Callers(
    CallerClient Owner,
    CallerClient Friend,
    CallerClient Stranger,
    CallerClient Admin,
    CallerClient Privileged,
    CallerClient Roleless,
    CallerClient Other,
    CallerClient Anonymous) : IDisposable
{
    public void Dispose()
    {
        foreach (var caller in new[] { Owner, Friend, Stranger, Admin, Privileged, Roleless, Other, Anonymous })
            caller.Dispose();
    }
}

/// <summary>
/// A node behind a pretend API manager: <c>access_control = jwt</c> with <see cref="Apim"/>'s public key, and the
/// <see cref="Callers"/> with tokens signed by it. The tokens differ on purpose in the ways real gateways differ
/// (original-abaco.md §1.1): WSO2 style (<c>SHA256withRSA</c>, padded standard base64, <c>exp</c> in milliseconds) or RS256
/// style (base64url, <c>exp</c> in seconds); one carries trailing junk after the signature; one names its tenant
/// in lower case in the header.
/// </summary>
public sealed class JwtNodeFixture : NodeFixture, IDisposable
{
    public const string Tenant = "DEV";
    public const string OtherTenant = "OTHER";

    private static readonly string UserRoles = $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}";
    private Callers? _callers;

    public TestJwt Apim { get; } = new();

    protected override string ExtraConfig => Apim.NodeConfig;

    /// <summary>The callers (created on first use, once the node listens).</summary>
    public Callers Callers => _callers ??= CreateCallers();

    /// <summary>A caller with a token of the tenant's header; the token is sent exactly as given.</summary>
    public CallerClient Caller(string name, string token, string tenant = Tenant) =>
        new(Node.BaseUrl, name, TestJwt.HeaderName(tenant), token);

    private Callers CreateCallers()
    {
        var hour = DateTimeOffset.UtcNow.AddHours(1);
        return new Callers(
            Owner: Caller("owner", Apim.Wso2("owner", UserRoles, hour)),
            // What some gateways leave behind: junk after the (padded) signature.
            Friend: Caller("friend", Apim.Wso2("friend", UserRoles, hour) + " trailing-junk"),
            // The tenant is the header's suffix, upper-cased: X-Jwt-Assertion-dev is tenant DEV.
            Stranger: Caller("stranger", Apim.Rs256("stranger", UserRoles, hour), Tenant.ToLowerInvariant()),
            Admin: Caller("boss", Apim.Rs256("boss", $"{TestJwt.Roles.Admin},{TestJwt.Roles.Everyone}", hour)),
            Privileged: Caller("vip", Apim.Wso2("vip", $"{TestJwt.Roles.Privileged},{TestJwt.Roles.User}", hour)),
            Roleless: Caller("nobody", Apim.Rs256("nobody", TestJwt.Roles.Everyone, hour)),
            Other: Caller("other", Apim.Wso2("other", UserRoles, hour), OtherTenant),
            Anonymous: new CallerClient(Node.BaseUrl, "anonymous"));
    }

    public void Dispose()
    {
        _callers?.Dispose();
        Apim.Dispose();
    }
}
