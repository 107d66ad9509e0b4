using System.Security.Cryptography;
using Abaco.Core.Security;

namespace Abaco.Core.Tests.Security;

/// <summary>Reading the API manager's JWTs as leniently as the original did, verifying them strictly (original-abaco.md §1.1).</summary>
public sealed class ApimJwtVerifierSpecs
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly double InAnHourSeconds = Now.AddHours(1).ToUnixTimeSeconds();
    private static readonly double InAnHourMillis = Now.AddHours(1).ToUnixTimeMilliseconds();

    // One key for the class: generating RSA keys is slow.
    private static readonly ApimSigner Signer = new();

    private TokenVerification<ApimPrincipal> Verify(string token) => Signer.Verifier().Verify(token, Now);

    [Fact(DisplayName = "A WSO2 token (standard base64 with padding) gives the user before '@' and the comma-separated roles")]
    public void StandardBase64WithPadding()
    {
        var result = Verify(Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds)));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("jdoe", result.Principal.User);
        Assert.Equal(["Internal/everyone", "Internal/abaco-user"], result.Principal.Roles.ToArray());
    }

    [Fact(DisplayName = "A base64url token without padding verifies too")]
    public void UrlSafeWithoutPadding() =>
        Assert.True(Verify(Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds), urlSafe: true)).IsValid);

    [Fact(DisplayName = "alg RS256 is accepted as well as SHA256withRSA")]
    public void Rs256() =>
        Assert.True(Verify(Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds), alg: "RS256")).IsValid);

    [Theory(DisplayName = "Whitespace and junk after the signature are ignored")]
    [InlineData(" \r\n", false)]
    [InlineData("  ", true)]
    [InlineData("\"}", false)]
    [InlineData("===junk", false)]
    [InlineData(".extra.dots", false)]
    [InlineData("abc", true)]
    [InlineData("!#$%", true)]
    public void TrailingJunk(string junk, bool urlSafe)
    {
        var result = Verify(" " + Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds), urlSafe) + junk);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact(DisplayName = "An exp in milliseconds (as WSO2 writes it) is understood: valid before, expired after")]
    public void MillisecondExp()
    {
        var token = Signer.Sign(ApimSigner.Claims(exp: InAnHourMillis));

        Assert.True(Signer.Verifier().Verify(token, Now).IsValid);
        var late = Signer.Verifier().Verify(token, Now.AddHours(2));
        Assert.Equal(TokenRejection.Expired, late.Rejection);
    }

    [Fact(DisplayName = "An exp in seconds in the past is expired")]
    public void ExpiredSeconds()
    {
        var result = Verify(Signer.Sign(ApimSigner.Claims(exp: Now.AddSeconds(-1).ToUnixTimeSeconds())));

        Assert.False(result.IsValid);
        Assert.Equal(TokenRejection.Expired, result.Rejection);
    }

    [Fact(DisplayName = "A token without exp does not expire (the original did not require it)")]
    public void NoExp() => Assert.True(Verify(Signer.Sign(ApimSigner.Claims())).IsValid);

    [Fact(DisplayName = "A token of several KB (many claims) verifies")]
    public void LargeToken()
    {
        var token = Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds, padding: new string('x', 6000)));

        Assert.True(token.Length > 8000);
        Assert.True(Verify(token).IsValid);
    }

    [Fact(DisplayName = "A token signed by another key has a bad signature")]
    public void OtherKey()
    {
        using var other = new ApimSigner();

        Assert.Equal(TokenRejection.BadSignature, Verify(other.Sign(ApimSigner.Claims(exp: InAnHourSeconds))).Rejection);
    }

    [Fact(DisplayName = "Changing the payload breaks the signature")]
    public void TamperedPayload()
    {
        var token = Signer.Sign(ApimSigner.Claims(endUser: "jdoe", exp: InAnHourSeconds), urlSafe: true);
        var forged = Signer.Sign(ApimSigner.Claims(endUser: "admin", exp: InAnHourSeconds), urlSafe: true);
        var parts = token.Split('.');
        var spliced = $"{parts[0]}.{forged.Split('.')[1]}.{parts[2]}";

        Assert.Equal(TokenRejection.BadSignature, Verify(spliced).Rejection);
    }

    [Fact(DisplayName = "alg none and HMAC algorithms are refused")]
    public void OtherAlgorithms()
    {
        Assert.Equal(TokenRejection.UnsupportedAlgorithm,
            Verify(Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds), alg: "none")).Rejection);
        Assert.Equal(TokenRejection.UnsupportedAlgorithm,
            Verify(Signer.Sign(ApimSigner.Claims(exp: InAnHourSeconds), alg: "HS256")).Rejection);
    }

    [Theory(DisplayName = "Things that are not JWTs are malformed")]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("abc.def")]
    [InlineData("!!!.???.sig")]
    [InlineData("W10.W10.c2ln")] // header and payload are JSON arrays
    public void Malformed(string token) => Assert.Equal(TokenRejection.Malformed, Verify(token).Rejection);

    [Fact(DisplayName = "Without the enduser claim the token names nobody")]
    public void MissingEndUser()
    {
        var claims = new Dictionary<string, object> { ["exp"] = InAnHourSeconds };

        Assert.Equal(TokenRejection.MissingClaim, Verify(Signer.Sign(claims)).Rejection);
    }

    [Fact(DisplayName = "Without a role claim the roles are Internal/everyone")]
    public void MissingRoles()
    {
        var result = Verify(Signer.Sign(ApimSigner.Claims(roles: null, exp: InAnHourSeconds)));

        Assert.Equal(["Internal/everyone"], result.Principal!.Roles.ToArray());
    }

    [Fact(DisplayName = "A user without a domain is taken as is")]
    public void UserWithoutDomain() =>
        Assert.Equal("testuser", Verify(Signer.Sign(ApimSigner.Claims(endUser: "testuser"))).Principal!.User);

    [Fact(DisplayName = "The configured key may be PKCS#1 DER or PEM as well as SubjectPublicKeyInfo")]
    public void KeyFormats()
    {
        using var rsa = RSA.Create(2048);
        var pkcs1 = ApimJwtVerifier.FromConfiguredKey(Convert.ToBase64String(rsa.ExportRSAPublicKey()));
        var pem = ApimJwtVerifier.FromConfiguredKey(rsa.ExportSubjectPublicKeyInfoPem());

        Assert.NotNull(pkcs1);
        Assert.NotNull(pem);
        Assert.Throws<FormatException>(() => ApimJwtVerifier.FromConfiguredKey("bm90IGEga2V5"));
    }
}
