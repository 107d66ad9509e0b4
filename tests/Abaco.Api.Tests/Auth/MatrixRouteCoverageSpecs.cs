using Abaco.Api.Tests.Sharing;
using Abaco.Core.Sharing;
using Abaco.EndToEnd.Tests.Authorization;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Abaco.Api.Tests.Auth;

/// <summary>
/// The authorization matrix (end-to-end) covers exactly the routes the API maps: a route added without a row in
/// its table, or a row for a route that is gone, fails here. The routes are read from the endpoints the real
/// <c>UseAbacoApi</c> registers (nothing is served, so no store or actor system is needed).
/// </summary>
public sealed class MatrixRouteCoverageSpecs
{
    [Fact(DisplayName = "Matrix coverage: every route the API maps has rows in the authorization matrix")]
    public void Every_mapped_route_is_in_the_matrix()
    {
        var missing = MappedRoutes().Except(MatrixRoutes.All.Select(r => (r.Method, r.Shape))).ToList();
        Assert.True(missing.Count == 0,
            "Add these routes to MatrixRoutes.All (tests/Abaco.EndToEnd.Tests/Authorization) with what they need: " +
            string.Join(", ", missing.Select(m => $"{m.Method} {m.Shape}")));
    }

    [Fact(DisplayName = "Matrix coverage: every route of the authorization matrix is mapped by the API")]
    public void Every_matrix_route_is_mapped()
    {
        var mapped = MappedRoutes().ToHashSet();
        var stale = MatrixRoutes.All.Where(r => !mapped.Contains((r.Method, r.Shape))).ToList();
        Assert.True(stale.Count == 0, "The API maps no such route: " + string.Join(", ", stale));
        Assert.Equal(MatrixRoutes.All.Count, MatrixRoutes.All.Select(r => (r.Method, r.Shape)).Distinct().Count());
    }

    /// <summary>Method and pattern (placeholders as <c>{}</c>) of every endpoint but the catch-all fallback.</summary>
    private static List<(string Method, string Shape)> MappedRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services
            .AddSingleton(TestRequests.Settings())
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ISecretCipher, ReversingCipher>()
            .AddSingleton<IAbacoStores>(_ => throw new InvalidOperationException("Listing routes needs no stores."))
            .AddAbacoApi();
        var app = builder.Build();
        app.UseAbacoApi();
        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Order != int.MaxValue)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => (method, MatrixRoute.NormalizeTemplate(e.RoutePattern.RawText!))))
            .ToList();
        Assert.NotEmpty(routes);
        return routes;
    }
}
