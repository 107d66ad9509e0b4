namespace Abaco.Dashboard.Tests;

/// <summary>/dashboard as a user behind the API manager: one's own actors, their executions and logs, live.</summary>
[Collection(DashboardCollection.Name)]
public sealed class UserDashboardSpecs(DashboardFixture fixture)
{
    private readonly Browser _browser = fixture.Browser;

    [Fact(DisplayName = "Dashboard: the page asks for a credential once and keeps it in the tab, not in the URL")]
    public async Task Asks_for_a_credential()
    {
        _browser.OpenSignedOut(fixture.UserPage);

        var form = await _browser.WaitForAsync("#login:not([hidden])");
        Assert.Contains("Sign in", form.Text);
        Assert.Empty(_browser.All("#actors"));

        await fixture.SignInAsync(fixture.UserPage, fixture.UserJwt("carol"));
        await _browser.WaitForAsync("#updated", ":");
        Assert.DoesNotContain("eyJ", _browser.Driver.Url);
        Assert.Equal("DEV", _browser.Script("return JSON.parse(sessionStorage.getItem('abaco.dashboard.credential')).tenant;"));
        _browser.AssertNoConsoleErrors();
    }

    [Fact(DisplayName = "Dashboard: a user sees only their own actors, clicks through to executions and logs, and a message sent through the API appears without a reload")]
    public async Task Own_actors_executions_and_logs_live()
    {
        var alice = fixture.Api(fixture.UserJwt("alice"));
        var bob = fixture.Api(fixture.UserJwt("bob"));
        var mine = await alice.CreateActorAsync(new { image = "abaco/test-busybox", name = "alice-actor" });
        var theirs = await bob.CreateActorAsync(new { image = "abaco/test-busybox", name = "bob-actor" });

        await fixture.SignInAsync(fixture.UserPage, fixture.UserJwt("alice"));
        await _browser.WaitForAsync($"#actors tr[data-actor-id='{mine}']", "alice-actor");
        Assert.Empty(_browser.All($"tr[data-actor-id='{theirs}']"));
        Assert.DoesNotContain("bob-actor", _browser.PageText());

        await _browser.ClickAsync($"tr[data-actor-id='{mine}'] a.actor-link");
        await _browser.WaitForAsync("#actor-title", mine);
        _browser.Script("window.loadedOnce = true;");
        var execution = await alice.SendAsync(mine, "sent while the page was open");
        await _browser.WaitForAsync($"#executions tr[data-execution-id='{execution}']");
        Assert.Equal(true, _browser.Script("return window.loadedOnce === true;"));

        await alice.WaitCompleteAsync(mine, execution);
        await _browser.WaitForAsync($"tr[data-execution-id='{execution}']", "COMPLETE");
        await _browser.ClickAsync($"tr[data-execution-id='{execution}'] a.execution-link");
        await _browser.WaitForAsync("pre#logs", "Contents of MSG: sent while the page was open");
        _browser.AssertNoConsoleErrors();
    }

    [Fact(DisplayName = "Dashboard: actor names, images and logs are shown as text, never run as markup")]
    public async Task Malicious_text_is_escaped()
    {
        const string name = "<img src=x onerror=\"window.pwned=1\">";
        const string message = "<b id=bold>bold</b><script>window.pwned=2</script>";
        var mallory = fixture.Api(fixture.UserJwt("mallory"));
        var actor = await mallory.CreateActorAsync(new { image = "abaco/test-busybox", name });
        var execution = await mallory.SendAsync(actor, message);
        await mallory.WaitCompleteAsync(actor, execution);

        await fixture.SignInAsync(fixture.UserPage, fixture.UserJwt("mallory"));
        var row = await _browser.WaitForAsync($"tr[data-actor-id='{actor}']", name);
        Assert.Empty(row.FindElements(OpenQA.Selenium.By.TagName("img")));

        _browser.Open(new Uri(fixture.Node.BaseUrl, $"/dashboard#/mine/actors/{actor}/executions/{execution}"));
        var logs = await _browser.WaitForAsync("pre#logs", message);
        Assert.Empty(logs.FindElements(OpenQA.Selenium.By.TagName("b")));
        Assert.Null(_browser.Script("return window.pwned === undefined ? null : window.pwned;"));
        _browser.AssertNoConsoleErrors();
    }
}
