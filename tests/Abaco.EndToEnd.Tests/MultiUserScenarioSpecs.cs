using Abaco.Testing;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Several people using one node with <c>access_control = jwt</c>, over real HTTP with real containers (original-abaco.md
/// §1.1 authentication and authorization, §1.2, §1.3, §1.5 nonces, §1.7 permissions, §1.8 aliases, §1.9 configs,
/// §3.17 nonce authentication, §3.19 tenants). Who the callers are: <see cref="Callers"/>. Each fact registers its
/// own actor, so they run in any order; refusals are asserted on their exact text, which clients match on.
/// </summary>
public sealed class MultiUserScenarioSpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    private const string Image = "abaco/test-busybox";

    // The refusals of original-abaco.md §1.1/§3.17 (auth.py, models.py, agaveflask), as clients see them.
    private const string NoAccessToActor = "Not authorized -- you do not have access to this actor.";
    private const string NoAccessToAlias = "Not authorized -- you do not have access to this alias.";
    private const string NoAccessToAliasAndActor = "Not authorized -- you do not have access to this alias and actor.";
    private const string NoAccessToConfig = "Not authorized -- you do not have access to this config.";
    private const string MissingRole = "Not authorized -- missing required role.";
    private const string AdminRequired = "Abaco Admin role required.";
    private const string WorkersAdminOnly = "Not authorized -- only admins are authorized to update workers.";
    private const string PrivilegedMaxWorkers = "Not authorized -- only admins and privileged users can set max workers.";
    private const string PrivilegedActor = "Not authorized -- only admins and privileged users can make privileged actors.";
    private const string NoCredentials = "No JWT or nonce provided.";
    private const string InvalidJwt = "Invalid JWT.";
    private const string ExpiredJwt = "Invalid JWT: the token has expired.";
    private const string NonceDoesNotExist = "Nonce does not exist.";
    private const string NonceLevelTooLow = "Nonce does not have sufficient permissions level.";
    private const string NonceUsedUp = "No remaining uses left for this nonce.";

    private readonly Callers _callers = fixture.Callers;

    private CallerClient Owner => _callers.Owner;
    private CallerClient Friend => _callers.Friend;
    private CallerClient Stranger => _callers.Stranger;
    private CallerClient Admin => _callers.Admin;
    private CallerClient Anonymous => _callers.Anonymous;

    [Fact(DisplayName = "Multi-user: a new actor is the owner's alone; privileged fields need the privileged role; other tenants and role-less users are refused")]
    public async Task Registration_and_visibility()
    {
        Refused(await Owner.PostJsonAsync("/actors", new { image = Image, max_workers = 3 }), PrivilegedMaxWorkers);
        Refused(await Owner.PostJsonAsync("/actors", new { image = Image, privileged = true }), PrivilegedActor);
        // The request parser also reads the query string, so check_privileged does too (the original only read the body).
        Refused(await Owner.PostJsonAsync("/actors?max_workers=3", new { image = Image }), PrivilegedMaxWorkers);
        var vip = await _callers.Privileged.PostJsonAsync("/actors", new { image = Image, name = "vip-pool", max_workers = 3 });
        Assert.Equal(HttpStatusCode.OK, vip.Status);
        Assert.Equal(3, vip.Result.GetProperty("max_workers").GetInt32());
        Assert.Equal("vip", vip.Result.GetProperty("owner").GetString());

        var registered = await Owner.PostJsonAsync("/actors", new { image = Image, name = "mu-private" });
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        Assert.Equal("Actor created successfully.", registered.Message);
        Assert.Equal("owner", registered.Result.GetProperty("owner").GetString());
        var id = registered.Result.GetProperty("id").GetString()!;

        Assert.True(Lists(await Owner.GetAsync("/actors"), id));
        Assert.Equal("mu-private", (await Owner.GetAsync($"/actors/{id}")).Result.GetProperty("name").GetString());
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "UPDATE" }, await PermissionsAsync(Owner, id));

        Assert.False(Lists(await Stranger.GetAsync("/actors"), id));
        Refused(await Stranger.GetAsync($"/actors/{id}"), NoAccessToActor);
        Refused(await Stranger.GetAsync($"/actors/{id}/executions"), NoAccessToActor);
        Refused(await Stranger.PostMessageAsync(id, "let me in"), NoAccessToActor);
        Refused(await Stranger.DeleteAsync($"/actors/{id}"), NoAccessToActor);

        // Tenant OTHER knows no actor DEV_<id>: the same id names a different (missing) db id there.
        var other = _callers.Other;
        Refused(await other.GetAsync($"/actors/{id}"), $"Actor {JwtNodeFixture.OtherTenant}_{id} does not exist");
        Refused(await other.PostMessageAsync(id, "cross-tenant"), $"Actor {JwtNodeFixture.OtherTenant}_{id} does not exist");
        var othersView = (await other.GetAsync("/actors")).Result.EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(id, othersView);
        var allTenants = await AdminViewAsync();
        Assert.All(othersView, seen => Assert.Equal(JwtNodeFixture.OtherTenant, allTenants[seen!]));

        Refused(await _callers.Roleless.GetAsync("/actors"), MissingRole);
        Refused(await _callers.Roleless.GetAsync($"/actors/{id}"), MissingRole);
    }

    [Fact(DisplayName = "Multi-user: sharing READ lets a friend look but not send; EXECUTE lets them send, as themselves; ABACO_WORLD opens the actor to everyone at its level, NONE to nobody")]
    public async Task Sharing_by_permission()
    {
        var id = await Owner.CreateActorAsync(new { image = Image, name = "mu-shared" });
        Refused(await Friend.GetAsync($"/actors/{id}"), NoAccessToActor);

        Assert.Equal(new Dictionary<string, string> { ["owner"] = "UPDATE", ["friend"] = "READ" },
            await OwnerGrantsAsync(id, "friend", "READ"));
        Assert.Equal("mu-shared", (await Friend.GetAsync($"/actors/{id}")).Result.GetProperty("name").GetString());
        Assert.True(Lists(await Friend.GetAsync("/actors"), id));
        Assert.Equal(HttpStatusCode.OK, (await Friend.GetAsync($"/actors/{id}/executions")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Friend.GetAsync($"/actors/{id}/permissions")).Status);
        Refused(await Friend.PostMessageAsync(id, "not yet"), NoAccessToActor);
        Refused(await Friend.PostJsonAsync($"/actors/{id}/permissions", new { user = "friend", level = "UPDATE" }), NoAccessToActor);
        Refused(await Friend.PostJsonAsync($"/actors/{id}/nonces", new { level = "EXECUTE" }), NoAccessToActor);

        await OwnerGrantsAsync(id, "friend", "EXECUTE");
        var executionId = await Friend.SendMessageAsync(id, "from friend");
        await Friend.WaitCompleteAsync(id, executionId);
        var logs = await Friend.LogsAsync(id, executionId);
        Assert.Contains("Contents of MSG: from friend", logs);
        Assert.Contains("_abaco_username=friend", logs);
        Assert.Contains($"_abaco_jwt_header_name={TestJwt.HeaderName(JwtNodeFixture.Tenant)}", logs);
        Assert.Contains($"_abaco_actor_dbid={JwtNodeFixture.Tenant}_{id}", logs);

        Refused(await Friend.PutJsonAsync($"/actors/{id}", new { image = Image, description = "mine now" }), NoAccessToActor);
        Refused(await Friend.DeleteAsync($"/actors/{id}/messages"), NoAccessToActor);
        Refused(await Friend.DeleteAsync($"/actors/{id}"), NoAccessToActor);

        Refused(await Stranger.GetAsync($"/actors/{id}"), NoAccessToActor);
        await OwnerGrantsAsync(id, "ABACO_WORLD", "NONE");
        Refused(await Stranger.GetAsync($"/actors/{id}"), NoAccessToActor);
        Assert.False(Lists(await Stranger.GetAsync("/actors"), id));
        await OwnerGrantsAsync(id, "ABACO_WORLD", "READ");
        Assert.Equal("mu-shared", (await Stranger.GetAsync($"/actors/{id}")).Result.GetProperty("name").GetString());
        Assert.True(Lists(await Stranger.GetAsync("/actors"), id));
        // ABACO_WORLD gives everyone its own level, no more (the original let an entry of any level grant all).
        Refused(await Stranger.PostMessageAsync(id, "world read only"), NoAccessToActor);
        await OwnerGrantsAsync(id, "ABACO_WORLD", "EXECUTE");
        var worldExecution = await Stranger.SendMessageAsync(id, "world shared");
        Refused(await Stranger.PutJsonAsync($"/actors/{id}", new { image = Image, description = "not mine" }), NoAccessToActor);
        Refused(await Friend.PutJsonAsync($"/actors/{id}", new { image = Image, description = "still not mine" }), NoAccessToActor);
        await Stranger.WaitCompleteAsync(id, worldExecution);
        Assert.Contains("_abaco_username=stranger", await Stranger.LogsAsync(id, worldExecution));

        // A user whose own level is NONE gets nothing of their own (the world's EXECUTE still applies to them).
        await OwnerGrantsAsync(id, "ABACO_WORLD", "NONE");
        await OwnerGrantsAsync(id, "friend", "NONE");
        Refused(await Friend.GetAsync($"/actors/{id}"), NoAccessToActor);
        Refused(await Friend.PostMessageAsync(id, "none"), NoAccessToActor);
        Assert.False(Lists(await Friend.GetAsync("/actors"), id));

        // Whoever may update an actor may replace its description; it stays the owner's.
        await OwnerGrantsAsync(id, "friend", "UPDATE");
        var updated = await Friend.PutJsonAsync($"/actors/{id}", new { image = Image, description = "tidied by friend" });
        Assert.Equal((HttpStatusCode.OK, "Actor updated successfully."), (updated.Status, updated.Message));
        Assert.Equal("owner", updated.Result.GetProperty("owner").GetString());
        Assert.Equal("tidied by friend", (await Owner.GetAsync($"/actors/{id}")).Result.GetProperty("description").GetString());
    }

    [Fact(DisplayName = "Multi-user: a nonce lets a caller without a JWT act as the owner, within its level and uses; bad credentials are refused")]
    public async Task Nonces_and_credentials()
    {
        var id = await Owner.CreateActorAsync(new { image = Image, name = "mu-nonce" });
        var created = await Owner.PostJsonAsync($"/actors/{id}/nonces", new { level = "EXECUTE", max_uses = 2 });
        Assert.Equal("Actor nonce created successfully.", created.Message);
        var nonce = created.Result;
        var nonceId = nonce.GetProperty("id").GetString()!;
        Assert.StartsWith($"{JwtNodeFixture.Tenant}_", nonceId);
        Assert.Equal("owner", nonce.GetProperty("owner").GetString());
        Assert.Equal(2, nonce.GetProperty("remaining_uses").GetInt32());

        var first = await Anonymous.SendMessageAsync(id, "nonce one", $"?x-nonce={nonceId}");
        var second = await Anonymous.SendMessageAsync(id, "nonce two", $"?x-nonce={nonceId}");
        Refused(await Anonymous.PostMessageAsync(id, "nonce three", $"?x-nonce={nonceId}"), NonceUsedUp);
        foreach (var executionId in new[] { first, second })
        {
            await Owner.WaitCompleteAsync(id, executionId);
            Assert.Contains("_abaco_username=owner", await Owner.LogsAsync(id, executionId));
        }
        var used = (await Owner.GetAsync($"/actors/{id}/nonces/{nonceId}")).Result;
        Assert.Equal(2, used.GetProperty("current_uses").GetInt32());
        Assert.Equal(0, used.GetProperty("remaining_uses").GetInt32());

        var readNonce = (await Owner.PostJsonAsync($"/actors/{id}/nonces", new { level = "READ" })).Result.GetProperty("id").GetString()!;
        Assert.Equal("mu-nonce", (await Anonymous.GetAsync($"/actors/{id}?x-nonce={readNonce}")).Result.GetProperty("name").GetString());
        Refused(await Anonymous.PostMessageAsync(id, "read only", $"?x-nonce={readNonce}"), NonceLevelTooLow);
        Refused(await Anonymous.DeleteAsync($"/actors/{id}?x-nonce={readNonce}"), NonceLevelTooLow);

        // Redemption is atomic: callers racing for the last uses get exactly max_uses successes between them.
        var raced = (await Owner.PostJsonAsync($"/actors/{id}/nonces", new { level = "READ", max_uses = 3 })).Result.GetProperty("id").GetString()!;
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Anonymous.GetAsync($"/actors/{id}?x-nonce={raced}")));
        Assert.Equal(3, race.Count(a => a.Status == HttpStatusCode.OK));
        Assert.All(race.Where(a => a.Status != HttpStatusCode.OK), a => Refused(a, NonceUsedUp));

        // A nonce acts as its creator with the creator's permissions of the moment: once the friend who made it is
        // downgraded to READ, it no longer sends messages (and, as in the original, the refused attempt spends a use).
        await OwnerGrantsAsync(id, "friend", "UPDATE");
        var friendsNonce = (await Friend.PostJsonAsync($"/actors/{id}/nonces", new { level = "EXECUTE", max_uses = 1 })).Result;
        Assert.Equal("friend", friendsNonce.GetProperty("owner").GetString());
        var friendsNonceId = friendsNonce.GetProperty("id").GetString()!;
        await OwnerGrantsAsync(id, "friend", "READ");
        Refused(await Anonymous.PostMessageAsync(id, "revoked", $"?x-nonce={friendsNonceId}"), NoAccessToActor);
        var spent = (await Owner.GetAsync($"/actors/{id}/nonces/{friendsNonceId}")).Result;
        Assert.Equal(0, spent.GetProperty("remaining_uses").GetInt32());

        Refused(await Anonymous.GetAsync($"/actors/{id}"), NoCredentials);
        Refused(await Anonymous.PostMessageAsync(id, "who am i"), NoCredentials);
        // An opaque OAuth bearer token (not JWT-shaped) is no credential, as in the original.
        using var opaqueBearer = new CallerClient(fixture.Node.BaseUrl, "bearer", "Authorization", "Bearer 4f1c0ffee0ddba11");
        Refused(await opaqueBearer.GetAsync($"/actors/{id}"), NoCredentials);
        // A JWT wins over a nonce: the stranger stays a stranger.
        Refused(await Stranger.GetAsync($"/actors/{id}?x-nonce={readNonce}"), NoAccessToActor);

        using var impostor = new TestJwt();
        using var forged = fixture.Caller("owner", impostor.Wso2("owner", TestJwt.Roles.User, DateTimeOffset.UtcNow.AddHours(1)));
        Refused(await forged.GetAsync($"/actors/{id}"), InvalidJwt);
        using var expiredMs = fixture.Caller("owner", fixture.Apim.Wso2("owner", TestJwt.Roles.User, DateTimeOffset.UtcNow.AddMinutes(-5)));
        Refused(await expiredMs.GetAsync($"/actors/{id}"), ExpiredJwt);
        using var expiredSeconds = fixture.Caller("owner", fixture.Apim.Rs256("owner", TestJwt.Roles.User, DateTimeOffset.UtcNow.AddMinutes(-5)));
        Refused(await expiredSeconds.GetAsync($"/actors/{id}"), ExpiredJwt);
    }

    [Fact(DisplayName = "Multi-user: an alias works like the id for its owner, not for a stranger; alias nonces work only through the alias")]
    public async Task Aliases_and_alias_nonces()
    {
        const string alias = "mu-greeter";
        var id = await Owner.CreateActorAsync(new { image = Image, name = "mu-aliased" });
        Refused(await Stranger.PostJsonAsync("/actors/aliases", new { alias = "mu-stolen", actor_id = id }),
            $"Not authorized -- you do not have access to {id}.");
        var created = await Owner.PostJsonAsync("/actors/aliases", new { alias, actor_id = id });
        Assert.Equal("Actor alias created successfully.", created.Message);
        Assert.Equal(id, created.Result.GetProperty("actor_id").GetString());
        Assert.Equal("owner", created.Result.GetProperty("owner").GetString());

        Assert.Equal(id, (await Owner.GetAsync($"/actors/{alias}")).Result.GetProperty("id").GetString());
        var viaAlias = await Owner.SendMessageAsync(alias, "through the alias");
        await Owner.WaitCompleteAsync(alias, viaAlias);
        var logs = await Owner.LogsAsync(alias, viaAlias);
        Assert.Contains("Contents of MSG: through the alias", logs);
        Assert.Contains($"_abaco_actor_id={id}", logs);

        Refused(await Stranger.GetAsync($"/actors/aliases/{alias}"), NoAccessToAlias);
        Refused(await Stranger.GetAsync($"/actors/{alias}"), NoAccessToActor);
        Refused(await Stranger.PostMessageAsync(alias, "let me in"), NoAccessToActor);
        Refused(await Stranger.PostJsonAsync($"/actors/aliases/{alias}/nonces", new { level = "EXECUTE" }), NoAccessToAliasAndActor);

        var aliasNonce = await Owner.PostJsonAsync($"/actors/aliases/{alias}/nonces", new { level = "EXECUTE", max_uses = 1 });
        Assert.Equal("Alias nonce created successfully.", aliasNonce.Message);
        Assert.Equal(alias, aliasNonce.Result.GetProperty("alias").GetString());
        Assert.Equal(JsonValueKind.Null, aliasNonce.Result.GetProperty("actor_id").ValueKind);
        var aliasNonceId = aliasNonce.Result.GetProperty("id").GetString()!;
        var actorNonceId = (await Owner.PostJsonAsync($"/actors/{id}/nonces", new { level = "EXECUTE" })).Result.GetProperty("id").GetString()!;

        // Actor URLs take only actor nonces, alias URLs only alias nonces; neither attempt spends a use.
        Refused(await Anonymous.PostMessageAsync(id, "wrong door", $"?x-nonce={aliasNonceId}"), NonceDoesNotExist);
        Refused(await Anonymous.PostMessageAsync(alias, "wrong door", $"?x-nonce={actorNonceId}"), NonceDoesNotExist);
        var byAliasNonce = await Anonymous.SendMessageAsync(alias, "alias nonce", $"?x-nonce={aliasNonceId}");
        Refused(await Anonymous.PostMessageAsync(alias, "again", $"?x-nonce={aliasNonceId}"), NonceUsedUp);
        await Owner.WaitCompleteAsync(id, byAliasNonce);
        Assert.Contains("_abaco_username=owner", await Owner.LogsAsync(id, byAliasNonce));
    }

    [Fact(DisplayName = "Multi-user: the admin sees and deletes anything in the tenant and every tenant on /actors/admin; only admins add workers")]
    public async Task Admin_powers()
    {
        var id = await Owner.CreateActorAsync(new { image = Image, name = "mu-admin-target" });
        var otherId = await _callers.Other.CreateActorAsync(new { image = Image, name = "mu-elsewhere" });

        Assert.True(Lists(await Admin.GetAsync("/actors"), id));
        Assert.False(Lists(await Admin.GetAsync("/actors"), otherId));
        Assert.Equal("owner", (await Admin.GetAsync($"/actors/{id}")).Result.GetProperty("owner").GetString());
        var allTenants = await AdminViewAsync();
        Assert.Equal(JwtNodeFixture.Tenant, allTenants[id]);
        Assert.Equal(JwtNodeFixture.OtherTenant, allTenants[otherId]);
        // The admin's tenant is their token's too: another tenant's actor is not found from DEV.
        Refused(await Admin.GetAsync($"/actors/{otherId}"), $"No actor found with identifier: {otherId}.", HttpStatusCode.NotFound);

        Refused(await Owner.GetAsync("/actors/admin"), AdminRequired);
        Refused(await Owner.GetAsync("/actors/admin/workers"), AdminRequired);
        Refused(await _callers.Roleless.GetAsync("/actors/admin"), MissingRole);

        Refused(await Owner.PostJsonAsync($"/actors/{id}/workers", new { num = 2 }), WorkersAdminOnly);
        await Eventually.TrueAsync(async () => (await Owner.GetAsync($"/actors/{id}/workers")).Result.GetArrayLength() == 1,
            TimeSpan.FromSeconds(30), "the registration's worker");
        var scheduled = await Admin.PostJsonAsync($"/actors/{id}/workers", new { num = 2 });
        Assert.Equal(HttpStatusCode.OK, scheduled.Status);
        Assert.Equal("Scheduled 1 new worker(s) to start. Previously, there were 1 workers.", scheduled.Message);

        var deleted = await Admin.DeleteAsync($"/actors/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.StartsWith("Actor deleted successfully", deleted.Message);
        Refused(await Owner.GetAsync($"/actors/{id}"), $"Actor {JwtNodeFixture.Tenant}_{id} does not exist");
        Assert.False(Lists(await Owner.GetAsync("/actors"), id));
    }

    [Fact(DisplayName = "Multi-user: a secret config reaches the actor's container decrypted and is shown only as ciphertext")]
    public async Task Secret_configs()
    {
        const string name = "mu-secret";
        const string secret = "s3cr3t-value";
        var id = await Owner.CreateActorAsync(new { image = Image, name = "mu-configured" });
        Refused(await Stranger.PostJsonAsync("/actors/configs", new { name = "mu-snoop", value = "x", is_secret = false, actors = id }),
            $"Not authorized -- you do not have access to {id}.");

        var created = await Owner.PostJsonAsync("/actors/configs", new { name, value = secret, is_secret = true, actors = id });
        Assert.Equal("Actor config created successfully.", created.Message);
        var shown = (await Owner.GetAsync($"/actors/configs/{name}")).Result;
        Assert.True(shown.GetProperty("is_secret").GetBoolean());
        var stored = shown.GetProperty("value").GetString()!;
        Assert.DoesNotContain(secret, stored);
        Assert.StartsWith("gAAAAA", stored); // a Fernet token
        Assert.DoesNotContain(secret, created.Body);
        Refused(await Stranger.GetAsync($"/actors/configs/{name}"), NoAccessToConfig);
        var strangersList = await Stranger.GetAsync("/actors/configs");
        Assert.Contains(strangersList.Result.EnumerateArray(), c => c.GetProperty("name").GetString() == name);
        Assert.DoesNotContain(secret, strangersList.Body);
        Assert.DoesNotContain((await _callers.Other.GetAsync("/actors/configs")).Result.EnumerateArray(),
            c => c.GetProperty("name").GetString() == name);
        Refused(await _callers.Other.GetAsync($"/actors/configs/{name}"), $"Config {name} does not exist");

        var shared = await Owner.PostJsonAsync($"/actors/configs/{name}/permissions", new { user = "friend", level = "READ" });
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "UPDATE", ["friend"] = "READ" }, PermissionMap(shared.Result));
        Assert.Equal(stored, (await Friend.GetAsync($"/actors/configs/{name}")).Result.GetProperty("value").GetString());
        Refused(await Friend.PutJsonAsync($"/actors/configs/{name}", new { value = "hijacked", is_secret = false, actors = id }),
            NoAccessToConfig);

        var executionId = await Owner.SendMessageAsync(id, "configured?");
        await Owner.WaitCompleteAsync(id, executionId);
        Assert.Contains($"_actor_configs={{'{name}': '{secret}'}}", await Owner.LogsAsync(id, executionId));

        // The decrypted secret is now in the execution's logs: search shows them to permitted users only (original-abaco.md §5.3).
        var logSearch = $"/actors/search/logs?exactsearch={secret}";
        Assert.Equal(1, await SearchCountAsync(Owner, logSearch));
        Assert.Equal(0, await SearchCountAsync(Stranger, logSearch));
        Assert.Equal(0, await SearchCountAsync(_callers.Other, logSearch));
        Assert.Equal(1, await SearchCountAsync(Owner, $"/actors/search/executions?actor_id={id}"));
        Assert.Equal(0, await SearchCountAsync(Stranger, $"/actors/search/executions?actor_id={id}"));
        Assert.Equal(1, await SearchCountAsync(Owner, "/actors/search/actors?name=mu-configured"));
        Assert.Equal(0, await SearchCountAsync(Stranger, "/actors/search/actors?name=mu-configured"));
        Refused(await Stranger.GetAsync($"/actors/{id}/executions/{executionId}/logs"), NoAccessToActor);
    }

    [Fact(DisplayName = "Multi-user: deleting an actor takes its aliases, permissions and nonces with it")]
    public async Task Delete_removes_sharing()
    {
        const string alias = "mu-doomed";
        var id = await Owner.CreateActorAsync(new { image = Image, name = "mu-doomed" });
        Assert.Equal(HttpStatusCode.OK, (await Owner.PostJsonAsync("/actors/aliases", new { alias, actor_id = id })).Status);
        await OwnerGrantsAsync(id, "friend", "READ");
        var nonceId = (await Owner.PostJsonAsync($"/actors/{id}/nonces", new { level = "READ" })).Result.GetProperty("id").GetString()!;
        var aliasNonceId = (await Owner.PostJsonAsync($"/actors/aliases/{alias}/nonces", new { level = "READ" })).Result.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync($"/actors/{id}?x-nonce={nonceId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Friend.GetAsync($"/actors/{alias}")).Status);

        var deleted = await Owner.DeleteAsync($"/actors/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.StartsWith("Actor deleted successfully", deleted.Message);

        var aliasGone = $"Actor with identifier '{alias}' not found";
        Refused(await Owner.GetAsync($"/actors/aliases/{alias}"), aliasGone, HttpStatusCode.NotFound);
        Refused(await Owner.GetAsync($"/actors/{alias}"), aliasGone, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await Owner.GetAsync("/actors/aliases")).Result.EnumerateArray(),
            a => a.GetProperty("alias").GetString() == alias);
        var dbId = $"{JwtNodeFixture.Tenant}_{id}";
        Refused(await Owner.GetAsync($"/actors/{id}"), $"Actor {dbId} does not exist");
        Refused(await Friend.GetAsync($"/actors/{id}"), $"Actor {dbId} does not exist");
        Refused(await Admin.GetAsync($"/actors/{id}/permissions"), $"Actor {dbId} does not exist", HttpStatusCode.NotFound);
        Refused(await Anonymous.GetAsync($"/actors/{id}?x-nonce={nonceId}"), NonceDoesNotExist);
        Refused(await Anonymous.GetAsync($"/actors/{alias}?x-nonce={aliasNonceId}"), aliasGone, HttpStatusCode.NotFound);
    }

    // ---- what the callers do ----

    /// <summary>The owner shares the actor; answers the whole permission map.</summary>
    private async Task<Dictionary<string, string>> OwnerGrantsAsync(string id, string user, string level)
    {
        var answer = await Owner.PostJsonAsync($"/actors/{id}/permissions", new { user, level });
        Assert.Equal((HttpStatusCode.OK, "Permission added successfully."), (answer.Status, answer.Message));
        return PermissionMap(answer.Result);
    }

    private static async Task<Dictionary<string, string>> PermissionsAsync(CallerClient caller, string id)
    {
        var answer = await caller.GetAsync($"/actors/{id}/permissions");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return PermissionMap(answer.Result);
    }

    /// <summary>The admin's cross-tenant view: actor id → tenant.</summary>
    private async Task<Dictionary<string, string>> AdminViewAsync()
    {
        var answer = await Admin.GetAsync("/actors/admin");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Result.EnumerateArray().ToDictionary(
            a => a.GetProperty("id").GetString()!, a => a.GetProperty("tenant").GetString()!);
    }

    private static async Task<int> SearchCountAsync(CallerClient caller, string path)
    {
        var answer = await caller.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Result.GetProperty("_metadata").GetProperty("total_count").GetInt32();
    }

    private static Dictionary<string, string> PermissionMap(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static bool Lists(Answer list, string id)
    {
        Assert.Equal(HttpStatusCode.OK, list.Status);
        return list.Result.EnumerateArray().Any(a => a.GetProperty("id").GetString() == id);
    }

    /// <summary>An error envelope with exactly this status and message (denials are 400s, original-abaco.md §1.1).</summary>
    private static void Refused(Answer answer, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal((status, message), (answer.Status, answer.Message));
        Assert.Equal("error", answer.EnvelopeStatus);
    }
}
