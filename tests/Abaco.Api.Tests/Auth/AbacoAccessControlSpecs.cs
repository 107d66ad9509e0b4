using System.Text;
using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using static Abaco.Api.Tests.Auth.AuthSamples;

namespace Abaco.Api.Tests.Auth;

/// <summary>The HTTP side: which requests are checked, what is left for the routes, and that bodies survive.</summary>
public sealed class AbacoAccessControlSpecs
{
    private readonly FakeNonceStore _nonces = new();
    private readonly FakeLookups _lookups = new();

    private AbacoAccessControl Access(AbacoSettings? settings = null)
    {
        settings ??= Settings();
        var clock = new FixedClock(Now);
        var authenticator = new CallerAuthenticator(settings, AccessKeys.FromSettings(settings.Web, clock),
            new NonceAuthenticator(_lookups, _nonces), _lookups, clock);
        return new AbacoAccessControl(settings, authenticator, new AbacoAuthorizer(settings.Web.UserRole), _lookups);
    }

    private static HttpContext Request(string method, string path, string? jwtUser = null, string? roles = null,
        string? body = null, string contentType = "application/json", string query = "")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        if (query.Length > 0) http.Request.QueryString = new QueryString(query);
        if (jwtUser is not null)
            http.Request.Headers[$"X-Jwt-Assertion-{Tenant}"] = ApimJwt(jwtUser, roles ?? "Internal/abaco-user");
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = contentType;
        }
        // As in the node: the access control checks the endpoint the real router chose.
        return RoutedRequests.RouteAsync(http).GetAwaiter().GetResult();
    }

    private async Task Refused(HttpContext http, int status, string message, AbacoSettings? settings = null)
    {
        var e = await Assert.ThrowsAsync<ApiError>(() => Access(settings).CheckAsync(http));
        Assert.Equal((status, message), (e.StatusCode, e.Message));
    }

    [Theory(DisplayName = "OPTIONS (CORS preflight) passes without credentials")]
    [InlineData("/actors")]
    [InlineData("/actors/abc/messages")]
    [InlineData("/actors/admin")]
    public async Task Options(string path) => await Access().CheckAsync(Request("OPTIONS", path));

    [Theory(DisplayName = "Paths outside /actors, /admin and the operator surfaces are not checked")]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/")]
    [InlineData("/actorsx")]
    public async Task Unguarded(string path) => await Access().CheckAsync(Request("GET", path));

    [Theory(DisplayName = "Every /actors, /admin and operator path needs a credential")]
    [InlineData("GET", "/actors")]
    [InlineData("GET", "/ACTORS/utilization")]
    [InlineData("POST", "/actors/abc/messages")]
    [InlineData("GET", "/admin/dashboard")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/cron")]
    public async Task Guarded(string method, string path) => await Refused(Request(method, path), 400, "No JWT or nonce provided.");

    [Fact(DisplayName = "A request the router gave to the fallback is left to the fallback's 404/405")]
    public async Task Fallback()
    {
        var http = Request("PATCH", "/actors/abc/nonsense");
        http.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("{*path:nonfile}"), int.MaxValue,
            EndpointMetadataCollection.Empty, "Fallback"));

        await Access().CheckAsync(http);
    }

    [Fact(DisplayName = "A request matched to a real route is checked")]
    public async Task RealRoute()
    {
        var http = Request("GET", "/actors");
        Assert.Equal("/actors", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);

        await Refused(http, 400, "No JWT or nonce provided.");
    }

    [Fact(DisplayName = "An endpoint without a route family is an error, never an unchecked request")]
    public async Task Untagged()
    {
        var http = Request("GET", "/actors");
        http.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/actors"), 0,
            EndpointMetadataCollection.Empty, "GET /actors"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Access().CheckAsync(http));
    }

    [Fact(DisplayName = "An allowed request carries its caller and resolved actor for the routes")]
    public async Task ItemsForRoutes()
    {
        var actorId = NewActorId();
        _lookups.Alias(Tenant, "hello", actorId).Grant(PermissionScope.Actor, DbId(actorId), "jdoe", PermissionLevel.Read);
        var http = Request("GET", "/actors/hello/executions", jwtUser: "jdoe@carbon.super");

        await Access().CheckAsync(http);

        var caller = Caller.From(http, Settings());
        Assert.Equal(("jdoe", Tenant, $"X-Jwt-Assertion-{Tenant}"), (caller.User, caller.Tenant, caller.JwtHeaderName));
        Assert.Equal(new ResolvedActor("hello", Tenant, actorId, $"{Tenant}_hello"), ResolvedActor.Of(http));
    }

    [Fact(DisplayName = "Refusals carry the authorizer's status and message")]
    public async Task Refusal()
    {
        var actorId = NewActorId();
        _lookups.Grant(PermissionScope.Actor, DbId(actorId), "jdoe", PermissionLevel.Read);

        await Refused(Request("DELETE", $"/actors/{actorId}", jwtUser: "jdoe"), 400,
            "Not authorized -- you do not have access to this actor.");
        await Refused(Request("GET", "/actors", jwtUser: "jdoe", roles: "Internal/everyone"), 400,
            "Not authorized -- missing required role.");
        await Refused(Request("GET", "/actors/nosuch", jwtUser: "jdoe"), 404, "Actor with identifier 'nosuch' not found");
    }

    [Fact(DisplayName = "The body check_privileged read is still there, whole, for the route")]
    public async Task BodyRewound()
    {
        const string body = """{"image": "abacosamples/test", "name": "plain"}""";
        var http = Request("POST", "/actors", jwtUser: "jdoe", body: body);

        await Access().CheckAsync(http);

        Assert.Equal(body, await BodyText.ReadAsync(http.Request));
    }

    [Theory(DisplayName = "check_privileged reads JSON (whatever the content type), form fields and the query string")]
    [InlineData("""{"max_workers": 2}""", "application/json", "", AuthMessages.PrivilegedMaxWorkers)]
    [InlineData("""{"maxWorkers": 2}""", "text/plain", "", AuthMessages.PrivilegedMaxWorkers)]
    [InlineData("privileged=true&image=x", "application/x-www-form-urlencoded", "", AuthMessages.PrivilegedActor)]
    [InlineData("memLimit=2g", "application/x-www-form-urlencoded", "", AuthMessages.PrivilegedMemLimit)]
    [InlineData("""{"image": "x"}""", "application/json", "?queue=gpu", AuthMessages.PrivilegedQueue)]
    [InlineData("""{"image": "x"}""", "application/json", "?useContainerUid=true", AuthMessages.PrivilegedContainerUid)]
    public async Task PrivilegedSources(string body, string contentType, string query, string message) =>
        await Refused(Request("POST", "/actors", jwtUser: "jdoe", body: body, contentType: contentType, query: query),
            400, message);

    [Fact(DisplayName = "A form saying privileged=false is not a request for privileges, and the form is still readable")]
    public async Task FormFalse()
    {
        var http = Request("POST", "/actors", jwtUser: "jdoe", body: "image=x&privileged=false&max_workers=0",
            contentType: "application/x-www-form-urlencoded");

        await Access().CheckAsync(http);

        Assert.Equal("x", (await http.Request.ReadFormAsync())["image"].ToString());
    }

    [Fact(DisplayName = "A message body with privileged-looking keys is sent like any other")]
    public async Task MessageBody()
    {
        var actorId = NewActorId();
        _lookups.Grant(PermissionScope.Actor, DbId(actorId), "jdoe", PermissionLevel.Execute);

        await Access().CheckAsync(Request("POST", $"/actors/{actorId}/messages", jwtUser: "jdoe",
            body: """{"privileged": true, "queue": "x"}"""));
    }

    [Fact(DisplayName = "A nonce authenticates as its owner, then the owner's permissions apply (use spent even if refused)")]
    public async Task NonceThenAuthorization()
    {
        var actorId = NewActorId();
        var nonce = Nonce(DbId(actorId), null, PermissionLevel.Update, owner: "owner");
        await _nonces.AddAsync(nonce);
        _lookups.Grant(PermissionScope.Actor, DbId(actorId), "owner", PermissionLevel.Read);

        var http = Request("GET", $"/actors/{actorId}", query: $"?x-nonce={nonce.Id}");
        await Access().CheckAsync(http);
        Assert.Equal(("owner", nonce.Id), (Caller.From(http, Settings()).User, Caller.From(http, Settings()).Nonce));

        await Refused(Request("DELETE", $"/actors/{actorId}", query: $"?x-nonce={nonce.Id}"), 400,
            "Not authorized -- you do not have access to this actor.");
        Assert.Equal(2, _nonces.Find(DbId(actorId), nonce.Id)!.CurrentUses);
    }

    [Fact(DisplayName = "With access_control none, nothing is asked, but unknown aliases are still a 404")]
    public async Task NoneMode()
    {
        var settings = Settings(AccessControl.None);

        await Access(settings).CheckAsync(Request("POST", "/actors", body: """{"privileged": true}"""));
        await Access(settings).CheckAsync(Request("GET", $"/actors/{NewActorId()}/workers"));
        await Refused(Request("GET", "/actors/nosuch"), 404, "Actor with identifier 'nosuch' not found", settings);
    }

    [Fact(DisplayName = "The middleware calls the next step only when the request is allowed")]
    public async Task Middleware()
    {
        var called = 0;
        var middleware = new AccessControlMiddleware(_ => { called++; return Task.CompletedTask; });

        await middleware.InvokeAsync(Request("GET", "/actors", jwtUser: "jdoe"), Access());
        await Assert.ThrowsAsync<ApiError>(() => middleware.InvokeAsync(Request("GET", "/actors"), Access()));

        Assert.Equal(1, called);
    }
}
