using System.Net;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// What one user of a jwt node must not be able to do to another through the sharing surfaces: inherit a secret
/// through a re-used alias name, link to an actor they may not execute, point a webhook at the node or the cloud's
/// metadata service, replay a token under another tenant's header, or read the operator endpoints.
/// </summary>
public sealed class SharingSecuritySpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    private const string Image = "abaco/test-busybox";
    private const string AdminRequired = "Abaco Admin role required.";

    private readonly Callers _callers = fixture.Callers;

    [Fact(DisplayName = "Sharing: a secret bound through an alias does not follow the alias name to someone else's actor")]
    public async Task Secret_does_not_follow_a_reused_alias()
    {
        var owner = _callers.Owner;
        var friend = _callers.Friend;
        var x = await owner.CreateActorAsync(new { image = Image, name = "secret-holder" });
        Ok(await owner.PostJsonAsync("/actors/aliases", new { alias = "sec-a", actor_id = x }));
        Ok(await owner.PostJsonAsync("/actors/configs",
            new { name = "sectoken", value = "owner-secret-4711", is_secret = true, actors = "sec-a" }));
        var own = await owner.SendMessageAsync(x, "mine");
        await owner.WaitCompleteAsync(x, own);
        Assert.Contains("owner-secret-4711", await owner.LogsAsync(x, own));

        Ok(await owner.DeleteAsync("/actors/aliases/sec-a"));
        var y = await friend.CreateActorAsync(new { image = Image, name = "alias-taker" });
        Ok(await friend.PostJsonAsync("/actors/aliases", new { alias = "sec-a", actor_id = y }));
        var taken = await friend.SendMessageAsync("sec-a", "give me the secret");
        await friend.WaitCompleteAsync(y, taken);

        var logs = await friend.LogsAsync(y, taken);
        Assert.DoesNotContain("owner-secret-4711", logs);
        Assert.Contains("_actor_configs={}", logs);
        Assert.Equal("", (await owner.GetAsync("/actors/configs/sectoken")).Result.GetProperty("actors").GetString());
    }

    [Fact(DisplayName = "Sharing: a link needs EXECUTE on the linked actor")]
    public async Task Link_needs_execute()
    {
        var target = await _callers.Owner.CreateActorAsync(new { image = Image, name = "link-target" });

        var refused = await _callers.Friend.PostJsonAsync("/actors", new { image = Image, link = target });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("link", refused.Message);

        Ok(await _callers.Owner.PostJsonAsync($"/actors/{target}/permissions", new { user = "friend", level = "READ" }));
        Assert.Equal(HttpStatusCode.BadRequest, (await _callers.Friend.PostJsonAsync("/actors", new { image = Image, link = target })).Status);
        Ok(await _callers.Owner.PostJsonAsync($"/actors/{target}/permissions", new { user = "friend", level = "EXECUTE" }));
        Ok(await _callers.Friend.PostJsonAsync("/actors", new { image = Image, link = target }));
    }

    [Theory(DisplayName = "Sharing: a webhook to the node, link-local (cloud metadata) or multicast addresses is refused, naming the field")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:8000/actors")]
    [InlineData("http://localhost/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://224.0.0.1/")]
    public async Task Webhook_deny_list(string webhook)
    {
        var refused = await _callers.Owner.PostJsonAsync("/actors", new { image = Image, webhook });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.StartsWith("Invalid webhook parameter;", refused.Message);
        var id = await _callers.Owner.CreateActorAsync(new { image = Image });
        Assert.Equal(HttpStatusCode.BadRequest,
            (await _callers.Owner.PutJsonAsync($"/actors/{id}", new { image = Image, webhook })).Status);
    }

    [Fact(DisplayName = "Sharing: a token naming tenant DEV is refused under tenant OTHER's header, accepted under DEV's")]
    public async Task Token_bound_to_its_tenant()
    {
        var claims = TestJwt.Claims("mallory", TestJwt.Roles.User, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        claims["http://wso2.org/claims/tenant"] = JwtNodeFixture.Tenant;
        var token = fixture.Apim.Sign(new { typ = "JWT", alg = "RS256" }, claims, urlSafe: true);
        using var elsewhere = fixture.Caller("mallory", token, JwtNodeFixture.OtherTenant);
        using var home = fixture.Caller("mallory", token);

        var refused = await elsewhere.GetAsync("/actors");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("tenant", refused.Message);
        Ok(await home.GetAsync("/actors"));
    }

    [Fact(DisplayName = "Sharing: /metrics, /cron and /admin/dashboard need the admin role; health stays open")]
    public async Task Operator_endpoints_need_admin()
    {
        foreach (var path in new[] { "/metrics", "/cron", "/admin/dashboard" })
        {
            foreach (var caller in new[] { _callers.Owner, _callers.Anonymous })
            {
                var refused = await caller.GetAsync(path);
                Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            }
            Assert.Equal(AdminRequired, (await _callers.Owner.GetAsync(path)).Message);
        }
        Ok(await _callers.Admin.GetAsync("/cron"));
        using var admin = new HttpClient { BaseAddress = fixture.Node.BaseUrl };
        admin.DefaultRequestHeaders.Add(TestJwt.HeaderName(JwtNodeFixture.Tenant),
            fixture.Apim.Rs256("boss", TestJwt.Roles.Admin, DateTimeOffset.UtcNow.AddHours(1)));
        using var metrics = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("abaco_messages_accepted_total", await metrics.Content.ReadAsStringAsync());
        Ok(await _callers.Anonymous.GetAsync("/healthz/live"));
    }

    private static void Ok(Answer answer) => Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
}
