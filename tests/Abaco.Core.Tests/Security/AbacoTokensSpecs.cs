using System.Text;
using Abaco.Core.Security;

namespace Abaco.Core.Tests.Security;

/// <summary>Abaco's own HS256 bearer tokens: issued and verified with web.token_signing_key.</summary>
public sealed class AbacoTokensSpecs
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static AbacoTokens Tokens(string? key = null) => AbacoTokens.FromBase64Key(key ?? Key, new FixedClock(Now));

    [Fact(DisplayName = "An issued token verifies to its user, tenant, roles, times and id")]
    public void RoundTrip()
    {
        var token = Tokens().Issue("jdoe", "DEV-DEVELOP", ["Internal/abaco-user", "Internal/abaco-privileged"],
            TimeSpan.FromMinutes(10));

        var result = Tokens().TryVerify(token, Now.AddMinutes(5));

        Assert.True(result.IsValid, result.Reason);
        var p = result.Principal;
        Assert.Equal(("jdoe", "DEV-DEVELOP"), (p.User, p.Tenant));
        Assert.Equal(["Internal/abaco-user", "Internal/abaco-privileged"], p.Roles.ToArray());
        Assert.Equal((Now, Now.AddMinutes(10)), (p.IssuedAt, p.ExpiresAt));
        Assert.Equal(32, p.TokenId.Length);
        Assert.Null(p.ActorId);
        Assert.Null(p.WorkerId);
        Assert.Null(p.ClientId);
    }

    [Fact(DisplayName = "A worker token carries its actor, worker and client ids")]
    public void WorkerClaims()
    {
        var token = Tokens().Issue("jdoe", "SD2E", [], TimeSpan.FromHours(1),
            new AbacoTokenExtras("actor1", "worker1", "client1"));

        var p = Tokens().TryVerify(token, Now).Principal!;

        Assert.Equal(("actor1", "worker1", "client1"), (p.ActorId, p.WorkerId, p.ClientId));
        Assert.Empty(p.Roles);
    }

    [Fact(DisplayName = "Every token has its own id")]
    public void UniqueIds()
    {
        var a = Tokens().TryVerify(Tokens().Issue("u", "t", [], TimeSpan.FromHours(1)), Now).Principal!;
        var b = Tokens().TryVerify(Tokens().Issue("u", "t", [], TimeSpan.FromHours(1)), Now).Principal!;

        Assert.NotEqual(a.TokenId, b.TokenId);
    }

    [Fact(DisplayName = "A token is refused from its expiry on")]
    public void Expiry()
    {
        var token = Tokens().Issue("jdoe", "t", [], TimeSpan.FromMinutes(10));

        Assert.True(Tokens().TryVerify(token, Now.AddMinutes(10).AddSeconds(-1)).IsValid);
        Assert.Equal(TokenRejection.Expired, Tokens().TryVerify(token, Now.AddMinutes(10)).Rejection);
    }

    [Fact(DisplayName = "A token signed with another key is refused")]
    public void OtherKey()
    {
        var token = Tokens(AbacoTokens.GenerateKey()).Issue("jdoe", "t", [], TimeSpan.FromMinutes(10));

        Assert.Equal(TokenRejection.BadSignature, Tokens().TryVerify(token, Now).Rejection);
    }

    [Fact(DisplayName = "A changed payload (another user) is refused")]
    public void Tampered()
    {
        var parts = Tokens().Issue("jdoe", "t", ["Internal/abaco-user"], TimeSpan.FromMinutes(10)).Split('.');
        var payload = Encoding.UTF8.GetString(LenientBase64.Decode(parts[1])!).Replace("jdoe", "root");
        var forged = $"{parts[0]}.{LenientBase64.EncodeUrl(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.Equal(TokenRejection.BadSignature, Tokens().TryVerify(forged, Now).Rejection);
    }

    [Fact(DisplayName = "A token with alg none or RS256 is refused whatever its signature")]
    public void OtherAlgorithm()
    {
        var parts = Tokens().Issue("jdoe", "t", [], TimeSpan.FromMinutes(10)).Split('.');
        var none = LenientBase64.EncodeUrl("""{"alg":"none","typ":"JWT"}"""u8);

        Assert.Equal(TokenRejection.UnsupportedAlgorithm, Tokens().TryVerify($"{none}.{parts[1]}.", Now).Rejection);
    }

    [Theory(DisplayName = "Garbage is malformed")]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("a.b")]
    public void Garbage(string token) => Assert.Equal(TokenRejection.Malformed, Tokens().TryVerify(token, Now).Rejection);

    [Fact(DisplayName = "Surrounding whitespace is tolerated")]
    public void Whitespace() =>
        Assert.True(Tokens().TryVerify("  " + Tokens().Issue("jdoe", "t", [], TimeSpan.FromMinutes(1)) + "\n", Now).IsValid);

    [Theory(DisplayName = "Keys must be base64 of at least 32 bytes")]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    public void ShortKeys(string key) => Assert.Throws<FormatException>(() => AbacoTokens.FromBase64Key(key));

    [Fact(DisplayName = "A generated key is accepted")]
    public void GeneratedKey() => Assert.NotNull(AbacoTokens.FromBase64Key(AbacoTokens.GenerateKey()));
}
