namespace Abaco.Dashboard.Tests;

/// <summary>The admin view: every tenant's actors, the cluster's nodes and roles, workers and recent errors.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AdminDashboardSpecs(DashboardFixture fixture)
{
    private readonly Browser _browser = fixture.Browser;

    [Fact(DisplayName = "Dashboard: an admin sees every user's actors and the node with its roles, and clicks through to logs")]
    public async Task Admin_sees_everything()
    {
        var dave = fixture.Api(fixture.UserJwt("dave"));
        var erin = fixture.Api(fixture.UserJwt("erin"));
        var daves = await dave.CreateActorAsync(new { image = "abaco/test-busybox", name = "dave-actor" });
        var erins = await erin.CreateActorAsync(new { image = "abaco/test-busybox", name = "erin-actor" });
        var execution = await erin.SendAsync(erins, "seen by the admin");
        await erin.WaitCompleteAsync(erins, execution);

        await fixture.SignInAsync(fixture.AdminView, fixture.AdminJwt("root"));
        await _browser.WaitForAsync($"#admin-actors tr[data-actor-dbid='{DashboardFixture.Tenant}_{daves}']", "dave-actor");
        await _browser.WaitForAsync($"#admin-actors tr[data-actor-dbid='{DashboardFixture.Tenant}_{erins}']", "erin-actor");
        var node = await _browser.WaitForAsync("#nodes tbody tr", "this node");
        Assert.Contains("api, core, spawner", node.Text);
        Assert.Contains("yes", node.Text);

        await _browser.ClickAsync($"tr[data-actor-dbid='{DashboardFixture.Tenant}_{erins}'] a.actor-link");
        await _browser.ClickAsync($"#executions tr[data-execution-id='{execution}'] a.execution-link");
        await _browser.WaitForAsync("pre#logs", "Contents of MSG: seen by the admin");
        _browser.AssertNoConsoleErrors();
    }

    [Fact(DisplayName = "Dashboard: the admin view's workers follow the API without a reload")]
    public async Task Workers_refresh()
    {
        var frank = fixture.Api(fixture.UserJwt("frank"));
        var actor = await frank.CreateActorAsync(new { image = "abaco/test-busybox", name = "frank-actor" });
        var dbId = $"{DashboardFixture.Tenant}_{actor}";

        await fixture.SignInAsync(fixture.AdminView, fixture.AdminJwt("root"));
        await _browser.WaitForAsync($"#admin-actors tr[data-actor-dbid='{dbId}']");
        _browser.Script("window.loadedOnce = true;");
        var execution = await frank.SendAsync(actor, "counted");
        await frank.WaitCompleteAsync(actor, execution);

        await _browser.WaitForAsync("#workers tbody tr", dbId);
        Assert.Equal(true, _browser.Script("return window.loadedOnce === true;"));
        _browser.AssertNoConsoleErrors();
    }

    [Fact(DisplayName = "Dashboard: a user who opens the admin view is told it is for admins")]
    public async Task Users_are_refused_the_admin_view()
    {
        await fixture.SignInAsync(fixture.AdminView, fixture.UserJwt("grace"));

        await _browser.WaitForAsync("#status.error", "Abaco Admin role required.");
        Assert.Empty(_browser.All("#admin-actors"));
        // The refusals the page was given (the original's 400) are the only errors in its console.
        Assert.All(_browser.ConsoleSinceLastRead().Where(e => e.Level >= OpenQA.Selenium.LogLevel.Severe),
            e => Assert.Contains("status of 400", e.Message));
    }
}
