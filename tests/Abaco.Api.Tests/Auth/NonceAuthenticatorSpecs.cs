using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Permissions;
using static Abaco.Api.Tests.Auth.AuthSamples;

namespace Abaco.Api.Tests.Auth;

/// <summary>x-nonce authentication (original-abaco.md §3.17).</summary>
public sealed class NonceAuthenticatorSpecs
{
    private readonly string _actorId = NewActorId();
    private readonly FakeNonceStore _nonces = new();
    private readonly FakeLookups _lookups = new();

    public NonceAuthenticatorSpecs() => _lookups.Alias(Tenant, "hello", _actorId);

    private Task<Caller> Authenticate(string nonceId, string method, string path) =>
        new NonceAuthenticator(_lookups, _nonces).AuthenticateAsync(nonceId, method, RoutedRequests.Access(method, path)!,
            "https://api.example.org", Now.UtcDateTime, CancellationToken.None);

    private async Task<string> Add(string? actorDbId, string? aliasId, PermissionLevel level, int maxUses = -1)
    {
        var nonce = Nonce(actorDbId, aliasId, level, maxUses, owner: "owner", roles: ["Internal/abaco-user", "custom"]);
        await _nonces.AddAsync(nonce);
        return nonce.Id;
    }

    private static async Task Refused(Func<Task> act, string message, int status = 400)
    {
        var e = await Assert.ThrowsAsync<ApiError>(act);
        Assert.Equal((status, message), (e.StatusCode, e.Message));
    }

    [Fact(DisplayName = "An actor nonce on its actor's URL: the caller is the nonce's owner with its roles, in its tenant")]
    public async Task ActorNonce()
    {
        var id = await Add(DbId(_actorId), null, PermissionLevel.Execute);

        var caller = await Authenticate(id, "POST", $"/actors/{_actorId}/messages");

        Assert.Equal(("owner", Tenant, id), (caller.User, caller.Tenant, caller.Nonce));
        Assert.Equal(["Internal/abaco-user", "custom"], caller.Roles.ToArray());
        Assert.Null(caller.JwtHeaderName);
        Assert.Equal(1, _nonces.Find(DbId(_actorId), id)!.CurrentUses);
    }

    [Fact(DisplayName = "An alias nonce on a URL naming the alias (as actor id or under /aliases) works")]
    public async Task AliasNonce()
    {
        var id = await Add(null, $"{Tenant}_hello", PermissionLevel.Execute);

        Assert.Equal("owner", (await Authenticate(id, "POST", "/actors/hello/messages")).User);
        Assert.Equal("owner", (await Authenticate(id, "GET", "/actors/aliases/hello/nonces")).User);
    }

    [Fact(DisplayName = "Actor-id URLs accept only actor nonces, alias URLs only alias nonces")]
    public async Task SubjectMismatch()
    {
        var actorNonce = await Add(DbId(_actorId), null, PermissionLevel.Update);
        var aliasNonce = await Add(null, $"{Tenant}_hello", PermissionLevel.Execute);

        await Refused(() => Authenticate(actorNonce, "GET", "/actors/hello"), "Nonce does not exist.");
        await Refused(() => Authenticate(aliasNonce, "GET", $"/actors/{_actorId}"), "Nonce does not exist.");
        await Refused(() => Authenticate(actorNonce, "GET", $"/actors/{NewActorId()}"), "Nonce does not exist.");
    }

    [Fact(DisplayName = "An unknown nonce id does not exist")]
    public async Task Unknown() =>
        await Refused(() => Authenticate($"{Tenant}_nosuch", "GET", $"/actors/{_actorId}"), "Nonce does not exist.");

    [Theory(DisplayName = "The nonce's level must cover the request: GET READ, POST messages EXECUTE, else UPDATE")]
    [InlineData("GET", "/actors/{id}", PermissionLevel.Read)]
    [InlineData("GET", "/actors/{id}/executions", PermissionLevel.Read)]
    [InlineData("POST", "/actors/{id}/messages", PermissionLevel.Execute)]
    [InlineData("DELETE", "/actors/{id}/messages", PermissionLevel.Update)]
    [InlineData("PUT", "/actors/{id}", PermissionLevel.Update)]
    [InlineData("POST", "/actors/{id}/state", PermissionLevel.Update)]
    [InlineData("DELETE", "/actors/{id}", PermissionLevel.Update)]
    public async Task Levels(string method, string template, PermissionLevel required)
    {
        foreach (var level in Enum.GetValues<PermissionLevel>())
        {
            var id = await Add(DbId(_actorId), null, level);
            var act = () => Authenticate(id, method, template.Replace("{id}", _actorId));
            if (level >= required) await act();
            else await Refused(act, "Nonce does not have sufficient permissions level.");
        }
    }

    [Fact(DisplayName = "A nonce with max_uses 2 works twice, then has no remaining uses")]
    public async Task LimitedUses()
    {
        var id = await Add(DbId(_actorId), null, PermissionLevel.Execute, maxUses: 2);

        await Authenticate(id, "POST", $"/actors/{_actorId}/messages");
        await Authenticate(id, "POST", $"/actors/{_actorId}/messages");
        await Refused(() => Authenticate(id, "POST", $"/actors/{_actorId}/messages"), "No remaining uses left for this nonce.");
        Assert.Equal((2, 0), (_nonces.Find(DbId(_actorId), id)!.CurrentUses, _nonces.Find(DbId(_actorId), id)!.RemainingUses));
    }

    [Fact(DisplayName = "An unlimited nonce (-1) counts its uses and stays unlimited")]
    public async Task UnlimitedUses()
    {
        var id = await Add(DbId(_actorId), null, PermissionLevel.Read);

        for (var i = 0; i < 5; i++) await Authenticate(id, "GET", $"/actors/{_actorId}");

        var nonce = _nonces.Find(DbId(_actorId), id)!;
        Assert.Equal((5, -1), (nonce.CurrentUses, nonce.RemainingUses));
        Assert.Equal(Now.UtcDateTime, nonce.LastUseTime);
    }

    [Fact(DisplayName = "A refused level spends no use")]
    public async Task RefusalSpendsNothing()
    {
        var id = await Add(DbId(_actorId), null, PermissionLevel.Read, maxUses: 1);

        await Refused(() => Authenticate(id, "DELETE", $"/actors/{_actorId}"), "Nonce does not have sufficient permissions level.");

        Assert.Equal(0, _nonces.Redemptions);
    }

    [Fact(DisplayName = "The tenant is the nonce id up to its last underscore (tenants may contain underscores)")]
    public async Task TenantFromId()
    {
        var lookups = new FakeLookups();
        var nonces = new FakeNonceStore();
        var actorId = NewActorId();
        var nonceId = $"dev_staging_{NewActorId()}";
        await nonces.AddAsync(Nonce($"dev_staging_{actorId}", null, PermissionLevel.Read) with { Id = nonceId, Tenant = "dev_staging" });

        var caller = await new NonceAuthenticator(lookups, nonces).AuthenticateAsync(nonceId, "GET",
            RoutedRequests.Access("GET", $"/actors/{actorId}")!, "https://api.example.org", Now.UtcDateTime, CancellationToken.None);

        Assert.Equal("dev_staging", caller.Tenant);
    }

    [Theory(DisplayName = "Paths without a usable actor identifier are refused as the original refused them")]
    [InlineData("/actors/search/actors", 404, "'x-nonce' query parameter on the '/actors/search/{database}' endpoint does not resolve.")]
    [InlineData("/actors", 400, "Not authorized.")]
    [InlineData("/actors/aliases", 404, "Unable to parse actor identifier: is it missing from the URL?")]
    [InlineData("/actors/nosuch/messages", 404, "Actor with identifier 'nosuch' not found")]
    [InlineData("/actors/aliases/nosuch/nonces", 404, "Actor with identifier 'nosuch' not found")]
    [InlineData("/actors/utilization", 404, "Actor with identifier 'utilization' not found")]
    public async Task NoIdentifier(string path, int status, string message)
    {
        var id = await Add(DbId(_actorId), null, PermissionLevel.Update);

        await Refused(() => Authenticate(id, "GET", path), message, status);
    }
}
