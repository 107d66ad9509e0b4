using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Abaco.Core.Security;

/// <summary>
/// The identity an Abaco-issued token carries: the user and tenant it acts as, with those roles, until
/// <see cref="ExpiresAt"/>; <see cref="ActorId"/>/<see cref="WorkerId"/>/<see cref="ClientId"/> when it was minted
/// for a worker.
/// </summary>
public sealed record AbacoTokenPrincipal(
    string User,
    string Tenant,
    ImmutableArray<string> Roles,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string TokenId,
    string? ActorId,
    string? WorkerId,
    string? ClientId);

/// <summary>Optional claims of a token minted for a worker of an actor, under the worker's client.</summary>
public sealed record AbacoTokenExtras(string? ActorId = null, string? WorkerId = null, string? ClientId = null);

/// <summary>
/// Issues and verifies Abaco's own bearer tokens: compact JWTs signed HS256 with <c>web.token_signing_key</c>
/// (base64, at least 32 bytes). Claims: <c>iss</c> ("abaco"), <c>sub</c> (user), <c>tenant</c>, <c>roles</c>
/// (array), <c>iat</c>, <c>exp</c> (seconds), <c>jti</c>, and optionally <c>actor_id</c>, <c>worker_id</c>,
/// <c>abaco_client</c>. Only
/// tokens this class could have written verify: HS256 header, our issuer, every identity claim present.
/// </summary>
public sealed class AbacoTokens
{
    public const string Issuer = "abaco";
    public const int MinimumKeyBytes = 32;

    private static readonly string HeaderSegment =
        LenientBase64.EncodeUrl("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    public AbacoTokens(ReadOnlySpan<byte> key, TimeProvider? clock = null)
    {
        if (key.Length < MinimumKeyBytes)
            throw new ArgumentException($"The token signing key must have at least {MinimumKeyBytes} bytes.", nameof(key));
        _key = key.ToArray();
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>From <c>web.token_signing_key</c> (standard or url-safe base64).</summary>
    /// <exception cref="FormatException">Not base64, or shorter than 32 bytes.</exception>
    public static AbacoTokens FromBase64Key(string key, TimeProvider? clock = null)
    {
        var bytes = string.IsNullOrWhiteSpace(key) ? null : LenientBase64.Decode(key);
        if (bytes is null || bytes.Length < MinimumKeyBytes)
            throw new FormatException($"web.token_signing_key must be base64 of at least {MinimumKeyBytes} bytes.");
        return new AbacoTokens(bytes, clock);
    }

    /// <summary>A fresh random key in the form <see cref="FromBase64Key"/> reads.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes));

    public string Issue(string user, string tenant, IEnumerable<string> roles, TimeSpan lifetime,
        AbacoTokenExtras? extras = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), "must be positive");
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("sub", user);
            json.WriteString("tenant", tenant);
            json.WriteStartArray("roles");
            foreach (var role in roles) json.WriteStringValue(role);
            json.WriteEndArray();
            json.WriteNumber("iat", now);
            json.WriteNumber("exp", now + Math.Max(1, (long)Math.Ceiling(lifetime.TotalSeconds)));
            json.WriteString("jti", Guid.NewGuid().ToString("N"));
            if (extras?.ActorId is { } actorId) json.WriteString("actor_id", actorId);
            if (extras?.WorkerId is { } workerId) json.WriteString("worker_id", workerId);
            if (extras?.ClientId is { } clientId) json.WriteString("abaco_client", clientId);
            json.WriteEndObject();
        }
        var signingInput = HeaderSegment + "." + LenientBase64.EncodeUrl(payload.ToArray());
        return signingInput + "." + LenientBase64.EncodeUrl(Sign(signingInput));
    }

    public TokenVerification<AbacoTokenPrincipal> TryVerify(string? token, DateTimeOffset now)
    {
        var jwt = LenientJwt.Parse(token);
        if (jwt is null) return Invalid(TokenRejection.Malformed, "the token is not a JWT");
        if (jwt.Algorithm != "HS256") return Invalid(TokenRejection.UnsupportedAlgorithm, $"unsupported algorithm '{jwt.Algorithm}'");
        if (!CryptographicOperations.FixedTimeEquals(Sign(jwt.SigningInput), jwt.Signature))
            return Invalid(TokenRejection.BadSignature, "the signature does not verify");

        var exp = jwt.NumberClaim("exp");
        var iat = jwt.NumberClaim("iat");
        var user = jwt.StringClaim("sub");
        var tenant = jwt.StringClaim("tenant");
        var id = jwt.StringClaim("jti");
        if (jwt.StringClaim("iss") != Issuer || exp is null || iat is null || string.IsNullOrEmpty(user) ||
            string.IsNullOrEmpty(tenant) || id is null)
            return Invalid(TokenRejection.MissingClaim, "the token lacks Abaco's claims");
        if (now.ToUnixTimeSeconds() >= exp.Value) return Invalid(TokenRejection.Expired, "the token has expired");

        var roles = ImmutableArray.CreateBuilder<string>();
        if (jwt.Payload.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array)
            roles.AddRange(list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
        return TokenVerification<AbacoTokenPrincipal>.Valid(new AbacoTokenPrincipal(user, tenant, roles.ToImmutable(),
            DateTimeOffset.FromUnixTimeSeconds((long)iat.Value), DateTimeOffset.FromUnixTimeSeconds((long)exp.Value), id,
            jwt.StringClaim("actor_id"), jwt.StringClaim("worker_id"), jwt.StringClaim("abaco_client")));
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(signingInput));

    private static TokenVerification<AbacoTokenPrincipal> Invalid(TokenRejection rejection, string reason) =>
        TokenVerification<AbacoTokenPrincipal>.Invalid(rejection, reason);
}
