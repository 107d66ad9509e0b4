using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Abaco.Api.Tests.Auth;

/// <summary>
/// The API's real route table and router, without a server: a request goes through the canonical path and routing
/// (as in the node) and stops there, so specs see which endpoint, route values and <see cref="AccessPath"/> the
/// access control would be given. Services the handlers name are registered but never built.
/// </summary>
public static class RoutedRequests
{
    private static readonly Lazy<(RequestDelegate Pipeline, IServiceProvider Services, EndpointDataSource Endpoints)> App =
        new(Build);

    public static EndpointDataSource Endpoints => App.Value.Endpoints;

    /// <summary>Runs the canonical path and the router on <paramref name="http"/> (endpoint and route values set).</summary>
    public static async Task<HttpContext> RouteAsync(HttpContext http)
    {
        var (pipeline, services, _) = App.Value;
        http.RequestServices ??= services;
        await pipeline(http);
        return http;
    }

    /// <summary>
    /// The access path of <paramref name="path"/> as routed for <paramref name="method"/>, or for another method when
    /// that one has no route there (authorizer specs also ask about methods a path does not serve).
    /// </summary>
    public static AccessPath? Access(string method, string path)
    {
        foreach (var m in new[] { method, "GET", "POST", "PUT", "DELETE" })
        {
            var http = RouteAsync(Request(m, path)).GetAwaiter().GetResult();
            if (http.GetEndpoint() is RouteEndpoint { Order: < int.MaxValue } endpoint)
                return AccessPath.Of(endpoint.Metadata.GetMetadata<RouteTag>()!, http.Request.RouteValues, http.Request.Path);
        }
        return null;
    }

    private static DefaultHttpContext Request(string method, string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        var query = path.IndexOf('?');
        http.Request.Path = query < 0 ? path : path[..query];
        if (query >= 0) http.Request.QueryString = new QueryString(path[query..]);
        return http;
    }

    private static (RequestDelegate, IServiceProvider, EndpointDataSource) Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services
            .AddSingleton(TestRequests.Settings())
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IAbacoStores>(_ => throw new InvalidOperationException("not in routing specs"))
            .AddSingleton<ISecretCipher>(_ => throw new InvalidOperationException("not in routing specs"))
            .AddAbacoApi();
        var app = builder.Build();
        app.UseMiddleware<CanonicalPathMiddleware>();
        app.UseRouting();
        app.Run(_ => Task.CompletedTask);
        app.MapAbacoRoutes();
        var endpoints = new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources);
        return (((IApplicationBuilder)app).Build(), app.Services, endpoints);
    }
}
