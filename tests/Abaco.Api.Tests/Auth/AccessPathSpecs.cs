using Abaco.Api.Auth;
using Abaco.Api.Sharing;
using Abaco.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Tests.Auth;

/// <summary>The route families come from the endpoint the router chose, for every mapped route.</summary>
public sealed class AccessPathSpecs
{
    [Theory(DisplayName = "Paths are sorted into the route families of auth.authorization() by the route they reach")]
    [InlineData("/actors", RouteFamily.Root, null, null)]
    [InlineData("/actors/", RouteFamily.Root, null, null)]
    [InlineData("//actors//", RouteFamily.Root, null, null)]
    [InlineData("/actors/admin/workers", RouteFamily.Admin, null, null)]
    [InlineData("/admin/dashboard", RouteFamily.Admin, null, null)]
    [InlineData("/actors/utilization", RouteFamily.Utilization, null, null)]
    [InlineData("/actors/UTILIZATION/", RouteFamily.Utilization, null, null)]
    [InlineData("/actors/search/logs", RouteFamily.Search, "logs", null)]
    [InlineData("/actors/configs", RouteFamily.ConfigsRoot, null, null)]
    [InlineData("/actors/configs/db/permissions", RouteFamily.Config, "db", "permissions")]
    [InlineData("/actors/aliases", RouteFamily.AliasesRoot, null, null)]
    [InlineData("/actors/aliases/hello/nonces/n1", RouteFamily.Alias, "hello", "nonces")]
    [InlineData("/actors/Hello/messages", RouteFamily.Actor, "Hello", "messages")]
    [InlineData("/actors//Hello//executions/e1/logs/", RouteFamily.Actor, "Hello", "executions")]
    [InlineData("/Actors/ALIASES/x", RouteFamily.Alias, "x", null)]
    [InlineData("/actors/Search/actors", RouteFamily.Search, "actors", null)]
    public void Families(string path, RouteFamily family, string? name, string? sub)
    {
        var parsed = RoutedRequests.Access("GET", path)!;

        Assert.Equal((family, name, sub), (parsed.Family, parsed.Name, parsed.Sub));
    }

    [Theory(DisplayName = "Other routes are not guarded")]
    [InlineData("/healthz/live")]
    [InlineData("/metrics")]
    public void Unguarded(string path) => Assert.Null(RoutedRequests.Access("GET", path));

    [Fact(DisplayName = "The routes mapped are exactly the table the fuzz spec walks (add a new route to ApiRoutes)")]
    public void TableIsComplete()
    {
        var mapped = RoutedRequests.Endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order < int.MaxValue)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order()
            .ToArray();

        Assert.Equal(ApiRoutes.All.Select(r => r.ToString()).Order().ToArray(), mapped);
    }

    [Fact(DisplayName = "Every mapped route carries its route family")]
    public void EveryRouteTagged()
    {
        var untagged = RoutedRequests.Endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order < int.MaxValue && e.Metadata.GetMetadata<RouteTag>() is null)
            .Select(e => e.RoutePattern.RawText);

        Assert.Empty(untagged);
    }

    [Fact(DisplayName = "Every literal word after /actors/ is a reserved alias word")]
    public void RouteWordsReserved()
    {
        var words = ApiRoutes.All.Select(r => r.Template.Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Where(s => s.Length > 1 && s[0] == "actors" && !s[1].StartsWith('{'))
            .Select(s => s[1])
            .Distinct()
            .ToArray();

        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.Contains(w, NameRules.Alias.ReservedWords));
    }

    [Theory(DisplayName = "A route of an unknown shape under /actors has no family and stops the mapping")]
    [InlineData("/actors/newword")]
    [InlineData("/actors/configs/{name}.json")]
    public void UnknownShape(string template) =>
        Assert.Throws<InvalidOperationException>(() =>
            RouteTag.Classify(Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(template)));
}
