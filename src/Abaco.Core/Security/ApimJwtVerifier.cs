using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Abaco.Core.Permissions;

namespace Abaco.Core.Security;

/// <summary>
/// Who the API manager's JWT says the caller is (original-abaco.md §1.1 "Authentication"): the end user without its
/// <c>@domain</c> suffix, and the WSO2 roles (<see cref="AbacoRoles.Everyone"/> when the token has no role claim,
/// which WSO2 sometimes forgets).
/// </summary>
public sealed record ApimPrincipal(string User, ImmutableArray<string> Roles, JsonElement Claims);

/// <summary>
/// Verifies the JWTs the API manager (WSO2 APIM) puts in <c>X-Jwt-Assertion-{TENANT}</c> headers, signed
/// <c>SHA256withRSA</c> (RS256) with the key in <c>web.apim_public_key</c> (base64 DER SubjectPublicKeyInfo; PKCS#1
/// and PEM are accepted too). Reading is lenient (<see cref="LenientJwt"/>); verification is not: the algorithm must
/// be RSA with SHA-256 and the signature must verify. <c>exp</c> may be in seconds or, as WSO2 writes it, in
/// milliseconds (values above 10^11 are taken as milliseconds); a token without <c>exp</c> does not expire, as in
/// the original.
/// </summary>
public sealed class ApimJwtVerifier
{
    public const string EndUserClaim = "http://wso2.org/claims/enduser";
    public const string RoleClaim = "http://wso2.org/claims/role";

    /// <summary>Above this an <c>exp</c> is in milliseconds (10^11 seconds is the year 5138).</summary>
    private const double MillisecondThreshold = 1e11;

    private readonly RSAParameters _key;
    private readonly int _modulusBytes;

    public ApimJwtVerifier(RSAParameters publicKey)
    {
        _key = new RSAParameters { Modulus = publicKey.Modulus, Exponent = publicKey.Exponent };
        _modulusBytes = publicKey.Modulus?.Length ?? throw new ArgumentException("The RSA key has no modulus.", nameof(publicKey));
    }

    /// <summary>From <c>web.apim_public_key</c>: base64 DER (SubjectPublicKeyInfo or PKCS#1 RSAPublicKey) or PEM.</summary>
    /// <exception cref="FormatException">The text is not an RSA public key.</exception>
    public static ApimJwtVerifier FromConfiguredKey(string key)
    {
        using var rsa = RSA.Create();
        try
        {
            if (key.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(key);
            }
            else
            {
                var der = LenientBase64.Decode(key) ?? throw new FormatException("web.apim_public_key is not base64.");
                try
                {
                    rsa.ImportSubjectPublicKeyInfo(der, out _);
                }
                catch (CryptographicException)
                {
                    rsa.ImportRSAPublicKey(der, out _);
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new FormatException($"web.apim_public_key is not an RSA public key: {e.Message}", e);
        }
        return new ApimJwtVerifier(rsa.ExportParameters(includePrivateParameters: false));
    }

    public TokenVerification<ApimPrincipal> Verify(string? token, DateTimeOffset now)
    {
        var jwt = LenientJwt.Parse(token);
        if (jwt is null) return Invalid(TokenRejection.Malformed, "the token is not a JWT");
        var alg = jwt.Algorithm;
        if (!string.Equals(alg, "SHA256withRSA", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(alg, "RS256", StringComparison.Ordinal))
            return Invalid(TokenRejection.UnsupportedAlgorithm, $"unsupported algorithm '{alg}'");
        if (!SignatureVerifies(jwt)) return Invalid(TokenRejection.BadSignature, "the signature does not verify");

        if (jwt.NumberClaim("exp") is { } exp)
        {
            var seconds = exp > MillisecondThreshold ? exp / 1000 : exp;
            if (now.ToUnixTimeMilliseconds() / 1000.0 >= seconds)
                return Invalid(TokenRejection.Expired, "the token has expired");
        }

        var endUser = jwt.StringClaim(EndUserClaim);
        if (endUser is null) return Invalid(TokenRejection.MissingClaim, $"no {EndUserClaim} claim");
        return TokenVerification<ApimPrincipal>.Valid(new ApimPrincipal(endUser.Split('@')[0], Roles(jwt), jwt.Payload));
    }

    private bool SignatureVerifies(LenientJwt jwt)
    {
        var signature = jwt.Signature;
        // Junk after a signature without padding decodes into extra bytes after the real ones; the signature is
        // exactly as long as the modulus, so the rest is cut off (it cannot make a wrong signature verify).
        if (signature.Length > _modulusBytes) signature = signature[.._modulusBytes];
        if (signature.Length != _modulusBytes) return false;
        using var rsa = RSA.Create(_key);
        try
        {
            return rsa.VerifyData(jwt.SigningInputBytes(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>WSO2 sends one comma-separated string; an array of strings is accepted too.</summary>
    private static ImmutableArray<string> Roles(LenientJwt jwt)
    {
        if (!jwt.Payload.TryGetProperty(RoleClaim, out var claim) || claim.ValueKind == JsonValueKind.Null)
            return [AbacoRoles.Everyone];
        return claim.ValueKind switch
        {
            JsonValueKind.String => [.. claim.GetString()!.Split(',').Select(r => r.Trim())],
            JsonValueKind.Array => [.. claim.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!.Trim())],
            _ => [AbacoRoles.Everyone],
        };
    }

    private static TokenVerification<ApimPrincipal> Invalid(TokenRejection rejection, string reason) =>
        TokenVerification<ApimPrincipal>.Invalid(rejection, reason);
}
