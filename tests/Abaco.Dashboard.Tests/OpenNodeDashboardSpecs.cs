namespace Abaco.Dashboard.Tests;

/// <summary>The dashboard on a node without access control: no sign-in, and /admin/dashboard opens directly.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OpenNodeDashboardSpecs(DashboardFixture fixture)
{
    private readonly Browser _browser = fixture.Browser;

    [Fact(DisplayName = "Dashboard: with access_control none /admin/dashboard opens on the admin view without asking for anything")]
    public async Task Admin_page_just_works()
    {
        using var api = new AbacoClient(fixture.OpenNode.BaseUrl);
        var actor = await api.CreateActorAsync(new { image = "abaco/test-busybox", name = "open-actor" });

        _browser.OpenSignedOut(new Uri(fixture.OpenNode.BaseUrl, "/admin/dashboard"));
        await _browser.WaitForAsync("#admin-actors tbody tr", "open-actor");
        await _browser.WaitForAsync("#nodes tbody tr", "this node");
        Assert.Empty(_browser.All("#login:not([hidden])"));
        Assert.Contains(actor, _browser.PageText());

        await _browser.ClickAsync("#nav-mine");
        await _browser.WaitForAsync($"#actors tr[data-actor-id='{actor}']", "open-actor");
        _browser.AssertNoConsoleErrors();
    }
}
