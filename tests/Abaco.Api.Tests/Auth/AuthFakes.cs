using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Abaco.Api.Auth;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Tests.Auth;

/// <summary>Permission documents (in grant order), aliases and workers' clients, in memory.</summary>
public sealed class FakeLookups : IAccessLookups
{
    private readonly Dictionary<(PermissionScope, string), List<PermissionEntry>> _permissions = new();
    private readonly Dictionary<(string, string), string> _aliases = new();
    private readonly Dictionary<(string ActorDbId, string WorkerId), string> _clients = new();

    public FakeLookups Grant(PermissionScope scope, string objectId, string user, PermissionLevel level)
    {
        if (!_permissions.TryGetValue((scope, objectId), out var entries)) _permissions[(scope, objectId)] = entries = [];
        var at = entries.FindIndex(e => e.User == user);
        if (at >= 0) entries[at] = new PermissionEntry(user, level);
        else entries.Add(new PermissionEntry(user, level));
        return this;
    }

    public FakeLookups Alias(string tenant, string alias, string actorId)
    {
        _aliases[(tenant, alias)] = actorId;
        return this;
    }

    public Task<IReadOnlyList<PermissionEntry>?> PermissionsAsync(PermissionScope scope, string objectId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PermissionEntry>?>(_permissions.TryGetValue((scope, objectId), out var e) ? e.ToList() : null);

    public FakeLookups Client(string actorDbId, string workerId, string clientId)
    {
        _clients[(actorDbId, workerId)] = clientId;
        return this;
    }

    public FakeLookups RemoveClient(string actorDbId, string workerId)
    {
        _clients.Remove((actorDbId, workerId));
        return this;
    }

    public Task<string?> AliasTargetAsync(string tenant, string alias, CancellationToken ct) =>
        Task.FromResult(_aliases.TryGetValue((tenant, alias), out var id) ? id : null);

    public Task<bool> ClientExistsAsync(string actorDbId, string workerId, string clientId, CancellationToken ct) =>
        Task.FromResult(_clients.GetValueOrDefault((actorDbId, workerId)) == clientId);
}

/// <summary>Nonces in memory, redeemed as the interface promises.</summary>
public sealed class FakeNonceStore : INonceStore
{
    private readonly Dictionary<(string Subject, string Id), NonceRecord> _nonces = new();

    public int Redemptions { get; private set; }

    public NonceRecord? Find(string subject, string id) => _nonces.GetValueOrDefault((subject, id));

    public Task AddAsync(NonceRecord nonce, CancellationToken ct = default)
    {
        _nonces[(nonce.SubjectKey, nonce.Id)] = nonce;
        return Task.CompletedTask;
    }

    public Task<NonceRecord?> GetAsync(string subjectKey, string nonceId, CancellationToken ct = default) =>
        Task.FromResult(_nonces.GetValueOrDefault((subjectKey, nonceId)));

    public Task<IReadOnlyList<NonceRecord>> ListAsync(string subjectKey, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<NonceRecord>>(_nonces.Values.Where(n => n.SubjectKey == subjectKey).ToList());

    public Task<bool> DeleteAsync(string subjectKey, string nonceId, CancellationToken ct = default) =>
        Task.FromResult(_nonces.Remove((subjectKey, nonceId)));

    public Task DeleteForSubjectAsync(string subjectKey, CancellationToken ct = default)
    {
        foreach (var key in _nonces.Keys.Where(k => k.Subject == subjectKey).ToList()) _nonces.Remove(key);
        return Task.CompletedTask;
    }

    public Task<NonceRedemption> RedeemAsync(string subjectKey, string nonceId, DateTime now, CancellationToken ct = default)
    {
        Redemptions++;
        if (!_nonces.TryGetValue((subjectKey, nonceId), out var nonce))
            return Task.FromResult(new NonceRedemption(NonceRedemptionOutcome.NotFound, null));
        if (nonce.RemainingUses == -1)
            nonce = nonce with { CurrentUses = nonce.CurrentUses + 1, LastUseTime = now };
        else if (nonce.RemainingUses > 0)
            nonce = nonce with { CurrentUses = nonce.CurrentUses + 1, RemainingUses = nonce.RemainingUses - 1, LastUseTime = now };
        else
            return Task.FromResult(new NonceRedemption(NonceRedemptionOutcome.NoUsesLeft, nonce));
        _nonces[(subjectKey, nonceId)] = nonce;
        return Task.FromResult(new NonceRedemption(NonceRedemptionOutcome.Redeemed, nonce));
    }
}

/// <summary>Callers, paths and credentials used across the access-control specs.</summary>
public static class AuthSamples
{
    public const string Tenant = "DEV-DEVELOP";
    public const string UserRole = "Internal/abaco-user";
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly ImmutableArray<string> Admin = [AbacoRoles.Admin];
    public static readonly ImmutableArray<string> Privileged = ["Internal/everyone", AbacoRoles.Privileged];
    public static readonly ImmutableArray<string> User = ["Internal/everyone", UserRole];
    public static readonly ImmutableArray<string> Limited = [AbacoRoles.Limited];
    public static readonly ImmutableArray<string> NoAbacoRole = ["Internal/everyone", "Internal/subscriber"];
    public static readonly ImmutableArray<string> All = [AbacoRoles.All];

    /// <summary>One RSA key for all specs (generating keys is slow).</summary>
    public static readonly RSA ApimKey = RSA.Create(2048);

    public static readonly string TokenKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static string NewActorId() => AbacoIds.NewId();

    public static string DbId(string actorId) => $"{Tenant}_{actorId}";

    public static AbacoSettings Settings(AccessControl access = AccessControl.Jwt, bool acceptNonce = true) =>
        AbacoSettings.Defaults with
        {
            Web = AbacoSettings.Defaults.Web with
            {
                AccessControl = access,
                AcceptNonce = acceptNonce,
                ApiServer = "https://api.example.org/",
                UserRole = UserRole,
                ApimPublicKey = Convert.ToBase64String(ApimKey.ExportSubjectPublicKeyInfo()),
                TokenSigningKey = TokenKey,
            },
        };

    /// <summary>A WSO2-style JWT (standard base64 with padding), signed with <see cref="ApimKey"/> unless another key is given.</summary>
    public static string ApimJwt(string endUser = "jdoe@carbon.super", string? roles = "Internal/everyone,Internal/abaco-user",
        DateTimeOffset? expires = null, RSA? key = null)
    {
        var claims = new Dictionary<string, object> { [ApimJwtVerifier.EndUserClaim] = endUser };
        if (roles is not null) claims[ApimJwtVerifier.RoleClaim] = roles;
        claims["exp"] = (expires ?? Now.AddHours(1)).ToUnixTimeMilliseconds();
        var header = Convert.ToBase64String("""{"typ":"JWT","alg":"SHA256withRSA"}"""u8.ToArray());
        var payload = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = (key ?? ApimKey).SignData(Encoding.UTF8.GetBytes(header + "." + payload), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Convert.ToBase64String(signature);
    }

    public static NonceRecord Nonce(string? actorDbId, string? aliasId, PermissionLevel level, int maxUses = -1,
        string owner = "owner", ImmutableArray<string>? roles = null) =>
        new($"{Tenant}_{AbacoIds.NewId()}", Tenant, actorDbId, aliasId, owner, roles ?? User, "https://api.example.org",
            level, maxUses, "", Now.UtcDateTime, null, 0, maxUses);
}

/// <summary>A clock that says what the test wants.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
