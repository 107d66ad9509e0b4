using System.Text.Json.Nodes;
using Abaco.Api.Tests.Sharing;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;
using Abaco.Stores.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Abaco.Api.Tests.OpenApi;

/// <summary>
/// The whole API pipeline as the node builds it (<c>AddAbacoApi</c> + <c>UseAbacoApi</c>: CORS, error envelope,
/// canonical path, access control, routes) on a loopback port over SQLite stores in a temporary file, with no actor
/// system: enough to serve the documentation routes and to refuse the guarded ones.
/// </summary>
public sealed class DocsApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemporarySqliteStores _stores;

    private DocsApp(WebApplication app, TemporarySqliteStores stores, HttpClient client)
    {
        _app = app;
        _stores = stores;
        Client = client;
    }

    public HttpClient Client { get; }

    public EndpointDataSource Endpoints =>
        new CompositeEndpointDataSource(((IEndpointRouteBuilder)_app).DataSources);

    public static async Task<DocsApp> StartAsync(CaseStyle style, AccessControl access)
    {
        var stores = new TemporarySqliteStores("abaco-docs-");
        var defaults = TestRequests.Settings(style);
        var settings = defaults with { Web = defaults.Web with { AccessControl = access } };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services
            .AddSingleton(settings)
            .AddSingleton<IAbacoStores>(stores.Stores)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ISecretCipher, ReversingCipher>()
            .AddAbacoApi();
        var app = builder.Build();
        app.UseAbacoApi();
        await app.StartAsync();
        return new DocsApp(app, stores, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    /// <summary>GET <c>/openapi.json</c>, parsed (it must answer 200 JSON).</summary>
    public async Task<JsonObject> DocumentAsync()
    {
        using var response = await Client.GetAsync("/openapi.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /openapi.json answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _stores.DisposeAsync();
    }
}
