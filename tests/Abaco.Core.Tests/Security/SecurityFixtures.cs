using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Abaco.Core.Security;

namespace Abaco.Core.Tests.Security;

/// <summary>A clock that says what the test wants.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>An RSA key pair standing in for the API manager's, and JWTs signed with it the ways WSO2 clients send them.</summary>
public sealed class ApimSigner : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    /// <summary>The public key as <c>web.apim_public_key</c> holds it (base64 DER SubjectPublicKeyInfo).</summary>
    public string PublicKeyBase64 => Convert.ToBase64String(_rsa.ExportSubjectPublicKeyInfo());

    public ApimJwtVerifier Verifier() => ApimJwtVerifier.FromConfiguredKey(PublicKeyBase64);

    public static object Claims(string endUser = "jdoe@carbon.super", string? roles = "Internal/everyone,Internal/abaco-user",
        double? exp = null, string? padding = null)
    {
        var claims = new Dictionary<string, object?>
        {
            ["iss"] = "wso2.org/products/am",
            [ApimJwtVerifier.EndUserClaim] = endUser,
            ["http://wso2.org/claims/subscriber"] = endUser,
        };
        if (roles is not null) claims[ApimJwtVerifier.RoleClaim] = roles;
        if (exp is not null) claims["exp"] = exp;
        if (padding is not null) claims["http://wso2.org/claims/padding"] = padding;
        return claims;
    }

    /// <param name="urlSafe">base64url without padding (true) or standard base64 with padding, as WSO2 sends (false).</param>
    public string Sign(object claims, bool urlSafe = false, string alg = "SHA256withRSA")
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg, x5t = "NmJmOGUxMzY" }), urlSafe);
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims), urlSafe);
        var signingInput = header + "." + payload;
        var signature = _rsa.SignData(Encoding.UTF8.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Encode(signature, urlSafe);
    }

    public static string Encode(byte[] bytes, bool urlSafe) =>
        urlSafe ? LenientBase64.EncodeUrl(bytes) : Convert.ToBase64String(bytes);

    public void Dispose() => _rsa.Dispose();
}
