using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Routes;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Core.Text;
using Abaco.Stores;
using Abaco.Stores.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Abaco.Api.Tests.Sharing;

/// <summary>
/// The sharing routes served by Kestrel on a loopback port, over SQLite stores in a temporary file, with the error
/// envelope middleware: real HTTP, no actor system. Callers are anonymous admins (as with
/// <c>access_control = none</c>) unless the request names a user, standing in for the authentication middleware.
/// Spec classes start one per test in <c>InitializeAsync</c> (xUnit makes a class instance per test), so no test
/// sees another's data.
/// </summary>
public sealed class SharingApp : IAsyncDisposable
{
    public const string Api = "http://172.17.0.1:8000";
    public const string UserRole = "Internal/abaco-user";

    private readonly WebApplication _app;
    private readonly TemporarySqliteStores _stores;

    private SharingApp(WebApplication app, TemporarySqliteStores stores, AbacoSettings settings, HttpClient client)
    {
        _app = app;
        _stores = stores;
        Settings = settings;
        Client = client;
    }

    public AbacoSettings Settings { get; }
    public HttpClient Client { get; }
    public IAbacoStores Stores => _stores.Stores;
    public string DefaultTenant => Settings.Web.TenantName;

    public static async Task<SharingApp> StartAsync(CaseStyle style = CaseStyle.Snake)
    {
        var stores = new TemporarySqliteStores("abaco-sharing-");
        var settings = TestRequests.Settings(style) with
        {
            Web = TestRequests.Settings(style).Web with { ApiServer = Api },
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services
            .AddSingleton(settings)
            .AddSingleton<IAbacoStores>(stores.Stores)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ISecretCipher, ReversingCipher>()
            .AddSingleton<Envelope>()
            .AddSingleton<ViewCase>()
            .AddSingleton<ActorLookup>()
            .AddSharingRoutes();
        var app = builder.Build();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.Use(async (http, next) =>
        {
            // Stand-in for the authentication middleware: `x-test-user` (with `x-test-roles`) is a plain user.
            var user = http.Request.Headers["x-test-user"].FirstOrDefault();
            if (user is not null)
            {
                var tenant = http.Request.Headers["tenant"].FirstOrDefault() ?? settings.Web.TenantName;
                var roles = http.Request.Headers["x-test-roles"].FirstOrDefault()?.Split(',') ?? [UserRole];
                new Caller(user, tenant, Api, [.. roles]).AttachTo(http);
            }
            await next(http);
        });
        app.MapSharingRoutes();
        await app.StartAsync();

        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new SharingApp(app, stores, settings, client);
    }

    /// <summary>Sends a request; <paramref name="json"/> is sent as is (the test spells the field names).</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, string? json = null, string? tenant = null,
        string? user = null, string? roles = null, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        if (tenant is not null) request.Headers.Add("tenant", tenant);
        if (user is not null) request.Headers.Add("x-test-user", user);
        if (roles is not null) request.Headers.Add("x-test-roles", roles);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public Task<Reply> GetAsync(string path, string? tenant = null, string? user = null) =>
        SendAsync(HttpMethod.Get, path, tenant: tenant, user: user);

    public Task<Reply> PostAsync(string path, string json, string? tenant = null, string? user = null) =>
        SendAsync(HttpMethod.Post, path, json, tenant, user);

    public Task<Reply> PutAsync(string path, string json, string? tenant = null, string? user = null) =>
        SendAsync(HttpMethod.Put, path, json, tenant, user);

    public Task<Reply> DeleteAsync(string path, string? tenant = null, string? user = null) =>
        SendAsync(HttpMethod.Delete, path, tenant: tenant, user: user);

    /// <summary>An actor as registration leaves it: in the actor store, its owner holding UPDATE.</summary>
    public async Task<ActorRecord> AddActorAsync(string? tenant = null, string owner = "jdoe")
    {
        var now = AbacoTime.Normalize(DateTime.UtcNow);
        var actor = new ActorRecord(tenant ?? DefaultTenant, AbacoIds.NewId(), owner, Api,
            ActorDefinition.ForImage("abaco/test"), ActorStatus.Ready, "", JsonDocument.Parse("{}").RootElement.Clone(),
            ImmutableArray<MountSpec>.Empty, 1, null, now, now);
        await Stores.Actors.UpsertAsync(actor);
        await Stores.Permissions.SetAsync(PermissionScope.Actor, actor.DbId, owner, PermissionLevel.Update);
        return actor;
    }

    public async Task<IReadOnlyList<PermissionEntry>> PermissionsAsync(PermissionScope scope, string objectId) =>
        await Stores.Permissions.GetAsync(scope, objectId) ?? [];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _stores.DisposeAsync();
    }
}

/// <summary>A response: its status and its parsed envelope.</summary>
public sealed record Reply(HttpStatusCode Status, JsonObject Body)
{
    public JsonNode? Result => Body["result"];
    public string Message => Body["message"]!.GetValue<string>();
    public string EnvelopeStatus => Body["status"]!.GetValue<string>();
    public JsonObject Object => Result!.AsObject();
    public JsonArray Array => Result!.AsArray();

    public override string ToString() => $"{(int)Status} {Body.ToJsonString()}";
}

/// <summary>A reversible stand-in for the Fernet cipher: the text reversed, marked.</summary>
public sealed class ReversingCipher : ISecretCipher
{
    private const string Mark = "enc:";

    public string Encrypt(string plaintext) => Mark + new string(plaintext.Reverse().ToArray());

    public string Decrypt(string ciphertext) =>
        ciphertext.StartsWith(Mark, StringComparison.Ordinal)
            ? new string(ciphertext[Mark.Length..].Reverse().ToArray())
            : throw new InvalidOperationException("Not made by this cipher.");
}
