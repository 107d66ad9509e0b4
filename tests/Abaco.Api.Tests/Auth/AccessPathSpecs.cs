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
    [InlineData("/metrics", RouteFamily.Admin, null, null)]
    [InlineData("/cron", RouteFamily.Admin, null, null)]
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
    [InlineData("/healthz/ready")]
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

    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ApiRoutes.All) data.Add(route.Method, route.Template);
        return data;
    }

    [Theory(DisplayName = "Every route in every spelling (word case, escapes, // and a trailing /) reaches the same endpoint and family")]
    [MemberData(nameof(Routes))]
    public async Task Spellings_reach_the_same_route(string method, string template)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", m => "n" + m.Groups[1].Value);
        var expected = await RouteAsync(method, path);
        Assert.Equal(template, expected.Endpoint);

        foreach (var spelling in new[]
                 {
                     path.ToUpperInvariant(), path.Replace("/", "//"), path + "/", "//" + path.TrimStart('/') + "//",
                     string.Concat(path.Select(c => char.IsAsciiLetterLower(c) ? $"%{(int)c:X2}" : c.ToString())),
                 })
        {
            var routed = await RouteAsync(method, spelling);
            Assert.Equal(expected.Endpoint, routed.Endpoint);
            Assert.Equal(expected.Tag, routed.Tag);
        }
    }

    private static async Task<(string? Endpoint, RouteTag? Tag)> RouteAsync(string method, string rawPath)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = rawPath;
        await RoutedRequests.RouteAsync(http);
        var endpoint = http.GetEndpoint() as RouteEndpoint;
        return (endpoint?.RoutePattern.RawText, endpoint?.Metadata.GetMetadata<RouteTag>());
    }

    [Theory(DisplayName = "A route of an unknown shape under /actors has no family and stops the mapping")]
    [InlineData("/actors/newword")]
    [InlineData("/actors/configs/{name}.json")]
    public void UnknownShape(string template) =>
        Assert.Throws<InvalidOperationException>(() =>
            RouteTag.Classify(Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(template)));
}
