using Abaco.Api.Auth;

namespace Abaco.Api.Tests.Auth;

public sealed class AccessPathSpecs
{
    [Theory(DisplayName = "Paths are sorted into the route families of auth.authorization()")]
    [InlineData("/actors", RouteFamily.Root, null, null)]
    [InlineData("/actors/", RouteFamily.Root, null, null)]
    [InlineData("/actors/admin/workers", RouteFamily.Admin, null, null)]
    [InlineData("/admin/dashboard", RouteFamily.Admin, null, null)]
    [InlineData("/actors/utilization", RouteFamily.Utilization, null, null)]
    [InlineData("/actors/search/logs", RouteFamily.Search, "logs", null)]
    [InlineData("/actors/configs", RouteFamily.ConfigsRoot, null, null)]
    [InlineData("/actors/configs/db/permissions", RouteFamily.Config, "db", "permissions")]
    [InlineData("/actors/aliases", RouteFamily.AliasesRoot, null, null)]
    [InlineData("/actors/aliases/hello/nonces/n1", RouteFamily.Alias, "hello", "nonces")]
    [InlineData("/actors/Hello/messages", RouteFamily.Actor, "Hello", "messages")]
    [InlineData("/Actors/ALIASES/x", RouteFamily.Alias, "x", null)]
    public void Families(string path, RouteFamily family, string? name, string? sub)
    {
        var parsed = AccessPath.Parse(path)!;

        Assert.Equal((family, name, sub), (parsed.Family, parsed.Name, parsed.Sub));
    }

    [Theory(DisplayName = "Other paths are not guarded")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/healthz/live")]
    [InlineData("/metrics")]
    [InlineData("/actorsandmore")]
    public void Unguarded(string path) => Assert.Null(AccessPath.Parse(path));
}
