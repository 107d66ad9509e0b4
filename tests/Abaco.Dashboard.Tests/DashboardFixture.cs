namespace Abaco.Dashboard.Tests;

/// <summary>
/// One real node behind a pretend API manager (<c>access_control = jwt</c>) and one headless browser, shared by the
/// dashboard specs (they run one after another: one browser, one page). Users alice and bob and an admin each get
/// a JWT of their own for tenant <see cref="Tenant"/>.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Tenant = "DEV";

    public TestJwt Apim { get; } = new();
    public AbacoNode Node { get; private set; } = null!;
    /// <summary>A second node with <c>access_control = none</c>: no credential, everyone is an admin.</summary>
    public AbacoNode OpenNode { get; private set; } = null!;
    public Browser Browser { get; private set; } = null!;

    public Uri UserPage => new(Node.BaseUrl, "/dashboard");
    public Uri AdminView => new(Node.BaseUrl, "/dashboard#/admin");

    public string UserJwt(string user) =>
        Apim.Wso2(user, $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}", DateTimeOffset.UtcNow.AddHours(1));

    public string AdminJwt(string user) =>
        Apim.Wso2(user, $"{TestJwt.Roles.Admin},{TestJwt.Roles.Everyone}", DateTimeOffset.UtcNow.AddHours(1));

    /// <summary>The API as <paramref name="jwt"/>'s user, over HTTP like any client.</summary>
    public AbacoClient Api(string jwt) => new AbacoClient(Node.BaseUrl).WithHeader(TestJwt.HeaderName(Tenant), jwt);

    /// <summary>Opens <paramref name="page"/> with nothing in session storage and signs in with the form.</summary>
    public async Task SignInAsync(Uri page, string jwt)
    {
        Browser.OpenSignedOut(page);
        (await Browser.WaitForAsync("#login-tenant")).SendKeys(Tenant);
        Browser.Script("document.getElementById('login-jwt').value = arguments[0];", jwt);
        await Browser.ClickAsync("#login-submit");
        await Browser.WaitForAsync("#sign-out:not([hidden])");
    }

    public async Task InitializeAsync()
    {
        // Started side by side: the two starts overlap instead of adding up.
        var node = AbacoNode.StartAsync(Apim.NodeConfig);
        var open = AbacoNode.StartAsync();
        Node = await node;
        OpenNode = await open;
        Browser = new Browser();
    }

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        if (Node is not null) await Node.DisposeAsync();
        if (OpenNode is not null) await OpenNode.DisposeAsync();
        Apim.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
