using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Abaco.Testing;

/// <summary>
/// Stands in for the API manager (WSO2 APIM) in front of the original Abaco: an RSA key pair whose public half goes
/// into <c>abaco.web.apim_public_key</c>, and the JWTs the gateway puts in <c>X-Jwt-Assertion-{TENANT}</c> headers,
/// signed <c>SHA256withRSA</c> (RS256). Written without the product's code on purpose, so that what a real gateway
/// sends, not what Abaco happens to read, is what the tests send.
/// </summary>
public sealed class TestJwt : IDisposable
{
    public const string EndUserClaim = "http://wso2.org/claims/enduser";
    public const string RoleClaim = "http://wso2.org/claims/role";
    public const string HeaderPrefix = "X-Jwt-Assertion-";

    /// <summary>The roles of original-abaco.md §1.1 (the user role is <c>web.user_role</c>'s default).</summary>
    public static class Roles
    {
        public const string User = "Internal/abaco-user";
        public const string Admin = "Internal/abaco-admin";
        public const string Privileged = "Internal/abaco-privileged";
        public const string Everyone = "Internal/everyone";
    }

    private readonly RSA _rsa = RSA.Create(2048);

    /// <summary>The public key as <c>web.apim_public_key</c> holds it: base64 DER SubjectPublicKeyInfo.</summary>
    public string PublicKeyBase64 => Convert.ToBase64String(_rsa.ExportSubjectPublicKeyInfo());

    /// <summary>Node configuration (HOCON, one key per line) that makes a node verify this signer's tokens.</summary>
    public string NodeConfig => string.Join('\n',
        "abaco.web.access_control = jwt",
        $"abaco.web.apim_public_key = \"{PublicKeyBase64}\"",
        "abaco.web.accept_nonce = true");

    public static string HeaderName(string tenant) => HeaderPrefix + tenant;

    /// <summary>
    /// A token as WSO2 writes it: header <c>{"typ":"JWT","alg":"SHA256withRSA","x5t":...}</c>, every segment in
    /// standard base64 <b>with</b> padding, <c>exp</c> in <b>milliseconds</b>.
    /// </summary>
    public string Wso2(string user, string roles, DateTimeOffset expires) =>
        Sign(new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "SHA256withRSA", ["x5t"] = "NmJmOGUxMzY" },
            Claims(user, roles, expires.ToUnixTimeMilliseconds()), urlSafe: false);

    /// <summary>A textbook RS256 token: base64url without padding, <c>exp</c> in seconds.</summary>
    public string Rs256(string user, string roles, DateTimeOffset expires) =>
        Sign(new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256" },
            Claims(user, roles, expires.ToUnixTimeSeconds()), urlSafe: true);

    /// <summary>The claims WSO2 puts in its tokens; the end user carries the tenant domain (<c>user@carbon.super</c>).</summary>
    public static Dictionary<string, object> Claims(string user, string roles, long exp) => new()
    {
        ["iss"] = "wso2.org/products/am",
        ["exp"] = exp,
        ["http://wso2.org/claims/subscriber"] = user,
        ["http://wso2.org/claims/applicationname"] = "DefaultApplication",
        [EndUserClaim] = $"{user}@carbon.super",
        [RoleClaim] = roles,
    };

    /// <summary>Any header and claims, signed with this key.</summary>
    public string Sign(object header, object claims, bool urlSafe)
    {
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header), urlSafe) + "." +
                           Encode(JsonSerializer.SerializeToUtf8Bytes(claims), urlSafe);
        var signature = _rsa.SignData(Encoding.UTF8.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Encode(signature, urlSafe);
    }

    private static string Encode(byte[] bytes, bool urlSafe) => urlSafe
        ? Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        : Convert.ToBase64String(bytes);

    public void Dispose() => _rsa.Dispose();
}
