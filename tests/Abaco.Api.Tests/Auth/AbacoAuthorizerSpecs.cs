using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Api.Auth;
using Abaco.Core.Permissions;
using static Abaco.Api.Tests.Auth.AuthSamples;

namespace Abaco.Api.Tests.Auth;

/// <summary>The authorization algorithm of original-abaco.md §1.1 and the endpoint table §1.2, route family by route family.</summary>
public sealed class AbacoAuthorizerSpecs
{
    private static readonly AbacoAuthorizer Authorizer = new(UserRole);

    private static Task<AccessDecision> Decide(string method, string path, ImmutableArray<string> roles, FakeLookups lookups,
        string user = "jdoe", string? json = null, AbacoAuthorizer? authorizer = null)
    {
        var fields = PrivilegedFields.From(json is null ? null : JsonDocument.Parse(json).RootElement, []);
        var request = new AccessRequest(method, RoutedRequests.Access(method, path)!, Tenant, user, roles, _ => Task.FromResult(fields));
        return (authorizer ?? Authorizer).DecideAsync(request, lookups, CancellationToken.None);
    }

    private static void Allowed(AccessDecision decision) => Assert.True(decision.Allowed, decision.Message);

    private static void Denied(AccessDecision decision, string message, int status = 400)
    {
        Assert.False(decision.Allowed);
        Assert.Equal((status, message), (decision.StatusCode, decision.Message));
    }

    private static ImmutableArray<string> RolesNamed(string name) => name switch
    {
        "user" => User,
        "limited" => Limited,
        "privileged" => Privileged,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    // ---- roles ----------------------------------------------------------------------------------------------------

    [Theory(DisplayName = "Any Abaco role may list actors; ALL, admin, privileged, user and limited are Abaco roles")]
    [InlineData("ALL")]
    [InlineData("Internal/abaco-admin")]
    [InlineData("Internal/abaco-privileged")]
    [InlineData("Internal/abaco-user")]
    [InlineData("Internal/abaco-limited")]
    public async Task AbacoRoles_(string role) => Allowed(await Decide("GET", "/actors", [role], new FakeLookups()));

    [Theory(DisplayName = "Without an Abaco role (or with no roles at all) every path is refused")]
    [InlineData("GET", "/actors")]
    [InlineData("GET", "/actors/utilization")]
    [InlineData("GET", "/actors/search/actors")]
    [InlineData("GET", "/actors/aliases")]
    [InlineData("POST", "/actors/configs")]
    public async Task NoRole(string method, string path)
    {
        Denied(await Decide(method, path, NoAbacoRole, new FakeLookups()), AuthMessages.MissingRole);
        Denied(await Decide(method, path, [], new FakeLookups()), AuthMessages.MissingRole);
    }

    [Fact(DisplayName = "web.user_role is the user role: with Internal/everyone configured, no roles at all is enough")]
    public async Task ConfiguredUserRole()
    {
        var authorizer = new AbacoAuthorizer("Internal/everyone");

        Allowed(await Decide("GET", "/actors", [], new FakeLookups(), authorizer: authorizer));
        Denied(await Decide("GET", "/actors", ["Internal/subscriber"], new FakeLookups(), authorizer: authorizer),
            AuthMessages.MissingRole);
    }

    [Fact(DisplayName = "OPTIONS is allowed for anyone, even without roles")]
    public async Task Options() => Allowed(await Decide("OPTIONS", "/actors/x/messages", [], new FakeLookups()));

    // ---- admin ----------------------------------------------------------------------------------------------------

    [Theory(DisplayName = "Admins (and ALL) may do anything, without any permission document")]
    [InlineData("POST", "/actors/{id}/workers")]
    [InlineData("DELETE", "/actors/{id}")]
    [InlineData("PUT", "/actors/{id}")]
    [InlineData("GET", "/actors/admin")]
    [InlineData("GET", "/actors/admin/workers")]
    [InlineData("GET", "/admin/dashboard")]
    [InlineData("PUT", "/actors/configs/secret")]
    [InlineData("GET", "/actors/aliases/unknown/nonces")]
    public async Task AdminsMayDoAnything(string method, string template)
    {
        var path = template.Replace("{id}", NewActorId());
        Allowed(await Decide(method, path, Admin, new FakeLookups(), json: """{"privileged": true, "max_workers": 9}"""));
        Allowed(await Decide(method, path, All, new FakeLookups(), json: """{"privileged": true}"""));
    }

    [Theory(DisplayName = "Admin paths are refused to every other role")]
    [InlineData("GET", "/actors/admin")]
    [InlineData("GET", "/actors/admin/workers")]
    [InlineData("GET", "/actors/admin/executions")]
    [InlineData("POST", "/admin/dashboard")]
    [InlineData("GET", "/ACTORS/Admin")]
    public async Task AdminPaths(string method, string path)
    {
        foreach (var roles in new[] { User, Privileged, Limited })
            Denied(await Decide(method, path, roles, new FakeLookups()), AuthMessages.AdminRequired);
    }

    [Fact(DisplayName = "A name merely containing 'admin' (a config 'sysadmin') is not an admin path")]
    public async Task AdminSubstring()
    {
        var lookups = new FakeLookups().Grant(PermissionScope.Config, $"{Tenant}_sysadmin", "jdoe", PermissionLevel.Read);

        Allowed(await Decide("GET", "/actors/configs/sysadmin", User, lookups));
    }

    // ---- collections open to every user --------------------------------------------------------------------------

    [Theory(DisplayName = "Utilization, search, and the alias and config collections are open to every user")]
    [InlineData("GET", "/actors/utilization")]
    [InlineData("GET", "/actors/search/executions")]
    [InlineData("GET", "/actors/search/logs")]
    [InlineData("GET", "/actors/aliases")]
    [InlineData("POST", "/actors/aliases")]
    [InlineData("GET", "/actors/configs")]
    [InlineData("POST", "/actors/configs")]
    [InlineData("GET", "/actors")]
    [InlineData("POST", "/actors")]
    [InlineData("GET", "/actors/")]
    public async Task OpenCollections(string method, string path)
    {
        foreach (var roles in new[] { User, Privileged, Limited })
            Allowed(await Decide(method, path, roles, new FakeLookups()));
    }

    // ---- actor-scoped routes -------------------------------------------------------------------------------------

    private static readonly (string Method, string Template, PermissionLevel Required)[] ActorRoutes =
    [
        ("GET", "/actors/{id}", PermissionLevel.Read),
        ("PUT", "/actors/{id}", PermissionLevel.Update),
        ("DELETE", "/actors/{id}", PermissionLevel.Update),
        ("GET", "/actors/{id}/state", PermissionLevel.Read),
        ("POST", "/actors/{id}/state", PermissionLevel.Update),
        ("GET", "/actors/{id}/executions", PermissionLevel.Read),
        ("POST", "/actors/{id}/executions", PermissionLevel.Update),
        ("GET", "/actors/{id}/executions/e1", PermissionLevel.Read),
        ("DELETE", "/actors/{id}/executions/e1", PermissionLevel.Update),
        ("GET", "/actors/{id}/executions/e1/logs", PermissionLevel.Read),
        ("GET", "/actors/{id}/executions/e1/results", PermissionLevel.Read),
        ("GET", "/actors/{id}/messages", PermissionLevel.Read),
        ("POST", "/actors/{id}/messages", PermissionLevel.Execute),
        ("DELETE", "/actors/{id}/messages", PermissionLevel.Update),
        ("GET", "/actors/{id}/nonces", PermissionLevel.Read),
        ("POST", "/actors/{id}/nonces", PermissionLevel.Update),
        ("GET", "/actors/{id}/nonces/n1", PermissionLevel.Read),
        ("DELETE", "/actors/{id}/nonces/n1", PermissionLevel.Update),
        ("GET", "/actors/{id}/workers", PermissionLevel.Read),
        ("GET", "/actors/{id}/workers/w1", PermissionLevel.Read),
        ("DELETE", "/actors/{id}/workers/w1", PermissionLevel.Update),
        ("GET", "/actors/{id}/permissions", PermissionLevel.Read),
        ("POST", "/actors/{id}/permissions", PermissionLevel.Update),
    ];

    public static TheoryData<string, string, PermissionLevel, PermissionLevel, string> ActorMatrix()
    {
        var data = new TheoryData<string, string, PermissionLevel, PermissionLevel, string>();
        foreach (var (method, template, required) in ActorRoutes)
        foreach (var granted in Enum.GetValues<PermissionLevel>())
        foreach (var role in new[] { "user", "limited", "privileged" })
            data.Add(method, template, required, granted, role);
        return data;
    }

    [Theory(DisplayName = "Actor routes need their level (original-abaco.md §1.2): allowed iff the user's own entry is at least it")]
    [MemberData(nameof(ActorMatrix))]
    public async Task ActorRouteLevels(string method, string template, PermissionLevel required, PermissionLevel granted,
        string role)
    {
        var id = NewActorId();
        var lookups = new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), "owner", PermissionLevel.Update)
            .Grant(PermissionScope.Actor, DbId(id), "jdoe", granted);

        var decision = await Decide(method, template.Replace("{id}", id), RolesNamed(role), lookups);

        if (granted >= required)
        {
            Allowed(decision);
            Assert.Equal(DbId(id), decision.Target!.DbId);
        }
        else
        {
            Denied(decision, "Not authorized -- you do not have access to this actor.");
        }
    }

    [Theory(DisplayName = "Starting workers is for admins only, whatever the permission")]
    [InlineData("user")]
    [InlineData("privileged")]
    [InlineData("limited")]
    public async Task StartWorkers(string role)
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);

        Denied(await Decide("POST", $"/actors/{id}/workers", RolesNamed(role), lookups),
            "Not authorized -- only admins are authorized to update workers.");
    }

    [Fact(DisplayName = "A user with no entry on the actor is refused")]
    public async Task NoEntry()
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "someone", PermissionLevel.Update);

        Denied(await Decide("GET", $"/actors/{id}", User, lookups), AuthMessages.NoAccess("actor"));
    }

    [Fact(DisplayName = "An actor id without a permission document: 'Actor <dbid> does not exist'")]
    public async Task NoDocument()
    {
        var id = NewActorId();

        Denied(await Decide("GET", $"/actors/{id}", User, new FakeLookups()), $"Actor {Tenant}_{id} does not exist");
    }

    [Fact(DisplayName = "ABACO_WORLD shares the actor with every user at its own level, no higher")]
    public async Task World()
    {
        var id = NewActorId();
        var lookups = new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), "owner", PermissionLevel.Update)
            .Grant(PermissionScope.Actor, DbId(id), PermissionLevels.World, PermissionLevel.Execute);

        Allowed(await Decide("GET", $"/actors/{id}", User, lookups, user: "stranger"));
        Allowed(await Decide("POST", $"/actors/{id}/messages", User, lookups, user: "stranger"));
        Denied(await Decide("PUT", $"/actors/{id}", User, lookups, user: "stranger"), AuthMessages.NoAccess("actor"));
    }

    [Fact(DisplayName = "ABACO_WORLD at NONE shares nothing")]
    public async Task WorldNone()
    {
        var id = NewActorId();
        var lookups = new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), "owner", PermissionLevel.Update)
            .Grant(PermissionScope.Actor, DbId(id), PermissionLevels.World, PermissionLevel.None);

        Denied(await Decide("GET", $"/actors/{id}", User, lookups, user: "stranger"), AuthMessages.NoAccess("actor"));
        Denied(await Decide("POST", $"/actors/{id}/messages", User, lookups, user: "stranger"),
            AuthMessages.NoAccess("actor"));
    }

    [Fact(DisplayName = "A user whose level is NONE may neither read, execute nor update the actor")]
    public async Task OwnNone()
    {
        var id = NewActorId();
        var lookups = new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), "owner", PermissionLevel.Update)
            .Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.None);

        Denied(await Decide("GET", $"/actors/{id}", User, lookups), AuthMessages.NoAccess("actor"));
        Denied(await Decide("GET", $"/actors/{id}/executions", User, lookups), AuthMessages.NoAccess("actor"));
        Denied(await Decide("POST", $"/actors/{id}/messages", User, lookups), AuthMessages.NoAccess("actor"));
        Denied(await Decide("PUT", $"/actors/{id}", User, lookups), AuthMessages.NoAccess("actor"));
    }

    [Fact(DisplayName = "A user holds the higher of their own level and ABACO_WORLD's, whatever the order")]
    public async Task WorldAndOwnEntry()
    {
        var id = NewActorId();
        var ownFirst = new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Read)
            .Grant(PermissionScope.Actor, DbId(id), PermissionLevels.World, PermissionLevel.Execute);
        var worldFirst = new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), PermissionLevels.World, PermissionLevel.Read)
            .Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);

        Allowed(await Decide("POST", $"/actors/{id}/messages", User, ownFirst));
        Denied(await Decide("PUT", $"/actors/{id}", User, ownFirst), AuthMessages.NoAccess("actor"));
        Allowed(await Decide("PUT", $"/actors/{id}", User, worldFirst));
    }

    [Fact(DisplayName = "An alias in place of an actor id is resolved to its actor, whose permissions apply")]
    public async Task AliasAsIdentifier()
    {
        var id = NewActorId();
        var lookups = new FakeLookups()
            .Alias(Tenant, "hello", id)
            .Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Execute);

        var decision = await Decide("POST", "/actors/hello/messages", User, lookups);

        Allowed(decision);
        Assert.Equal(new ResolvedActor("hello", Tenant, id, $"{Tenant}_hello"), decision.Target);
        Denied(await Decide("DELETE", "/actors/hello", User, lookups), AuthMessages.NoAccess("actor"));
    }

    [Fact(DisplayName = "An unknown alias in place of an actor id is a 404 for everyone, admins included")]
    public async Task UnknownAlias()
    {
        foreach (var roles in new[] { User, Admin, All, NoAbacoRole })
            Denied(await Decide("GET", "/actors/nosuch/executions", roles, new FakeLookups()),
                "Actor with identifier 'nosuch' not found", 404);
    }

    [Fact(DisplayName = "Route words are matched ignoring case, as ASP.NET routes match them")]
    public async Task RouteWordsIgnoreCase()
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);

        Denied(await Decide("POST", $"/Actors/{id}/WORKERS", User, lookups), AuthMessages.WorkersAdminOnly);
        Denied(await Decide("POST", $"/actors/{id}/Messages", User, new FakeLookups()
            .Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Read)), AuthMessages.NoAccess("actor"));
    }

    // ---- configs ----------------------------------------------------------------------------------------------------

    [Theory(DisplayName = "A config needs READ to read and UPDATE to change, on the config's own permissions")]
    [InlineData("GET", "/actors/configs/db", PermissionLevel.Read)]
    [InlineData("PUT", "/actors/configs/db", PermissionLevel.Update)]
    [InlineData("DELETE", "/actors/configs/db", PermissionLevel.Update)]
    [InlineData("GET", "/actors/configs/db/permissions", PermissionLevel.Read)]
    [InlineData("POST", "/actors/configs/db/permissions", PermissionLevel.Update)]
    public async Task Configs(string method, string path, PermissionLevel required)
    {
        foreach (var granted in Enum.GetValues<PermissionLevel>())
        {
            var lookups = new FakeLookups().Grant(PermissionScope.Config, $"{Tenant}_db", "jdoe", granted);
            var decision = await Decide(method, path, User, lookups);
            if (granted >= required) Allowed(decision);
            else Denied(decision, "Not authorized -- you do not have access to this config.");
        }
    }

    [Fact(DisplayName = "A config without a permission document: 'Config <name> does not exist'")]
    public async Task ConfigWithoutDocument() =>
        Denied(await Decide("GET", "/actors/configs/db", User, new FakeLookups()), "Config db does not exist");

    // ---- aliases ----------------------------------------------------------------------------------------------------

    [Theory(DisplayName = "An alias needs READ to read and UPDATE to change, on the alias's own permissions")]
    [InlineData("GET", "/actors/aliases/hello", PermissionLevel.Read)]
    [InlineData("PUT", "/actors/aliases/hello", PermissionLevel.Update)]
    [InlineData("DELETE", "/actors/aliases/hello", PermissionLevel.Update)]
    [InlineData("GET", "/actors/aliases/hello/permissions", PermissionLevel.Read)]
    [InlineData("POST", "/actors/aliases/hello/permissions", PermissionLevel.Update)]
    public async Task Aliases(string method, string path, PermissionLevel required)
    {
        var id = NewActorId();
        foreach (var granted in Enum.GetValues<PermissionLevel>())
        {
            var lookups = new FakeLookups()
                .Alias(Tenant, "hello", id)
                .Grant(PermissionScope.Alias, $"{Tenant}_hello", "jdoe", granted);
            var decision = await Decide(method, path, User, lookups);
            if (granted >= required) Allowed(decision);
            else Denied(decision, "Not authorized -- you do not have access to this alias.");
        }
    }

    [Theory(DisplayName = "Alias nonces need the level on both the alias and its actor")]
    [InlineData("GET", "/actors/aliases/hello/nonces", PermissionLevel.Read)]
    [InlineData("POST", "/actors/aliases/hello/nonces", PermissionLevel.Update)]
    [InlineData("GET", "/actors/aliases/hello/nonces/n1", PermissionLevel.Read)]
    [InlineData("DELETE", "/actors/aliases/hello/nonces/n1", PermissionLevel.Update)]
    public async Task AliasNonces(string method, string path, PermissionLevel required)
    {
        var id = NewActorId();
        foreach (var onAlias in Enum.GetValues<PermissionLevel>())
        foreach (var onActor in Enum.GetValues<PermissionLevel>())
        {
            var lookups = new FakeLookups()
                .Alias(Tenant, "hello", id)
                .Grant(PermissionScope.Alias, $"{Tenant}_hello", "jdoe", onAlias)
                .Grant(PermissionScope.Actor, DbId(id), "jdoe", onActor);
            var decision = await Decide(method, path, User, lookups);
            if (onAlias >= required && onActor >= required) Allowed(decision);
            else Denied(decision, "Not authorized -- you do not have access to this alias and actor.");
        }
    }

    [Fact(DisplayName = "An unknown alias is a 404 'Actor with identifier ... not found'")]
    public async Task UnknownAliasRoute() =>
        Denied(await Decide("GET", "/actors/aliases/nosuch", User, new FakeLookups()),
            "Actor with identifier 'nosuch' not found", 404);

    [Fact(DisplayName = "An alias without a permission document: 'Actor <alias id> does not exist', as the original says")]
    public async Task AliasWithoutDocument() =>
        Denied(await Decide("GET", "/actors/aliases/hello", User, new FakeLookups().Alias(Tenant, "hello", NewActorId())),
            $"Actor {Tenant}_hello does not exist");

    // ---- check_privileged -------------------------------------------------------------------------------------------

    public static TheoryData<string, string> PrivilegedBodies() => new()
    {
        { """{"privileged": true}""", AuthMessages.PrivilegedActor },
        { """{"privileged": "true"}""", AuthMessages.PrivilegedActor },
        { """{"max_workers": 3}""", AuthMessages.PrivilegedMaxWorkers },
        { """{"maxWorkers": 3}""", AuthMessages.PrivilegedMaxWorkers },
        { """{"max_cpus": 1000000000}""", AuthMessages.PrivilegedMaxCpus },
        { """{"maxCpus": "2000000000"}""", AuthMessages.PrivilegedMaxCpus },
        { """{"mem_limit": "1g"}""", AuthMessages.PrivilegedMemLimit },
        { """{"memLimit": "-1"}""", AuthMessages.PrivilegedMemLimit },
        { """{"queue": "gpu"}""", AuthMessages.PrivilegedQueue },
        { """{"use_container_uid": true}""", AuthMessages.PrivilegedContainerUid },
        { """{"useContainerUid": "True"}""", AuthMessages.PrivilegedContainerUid },
        { """{"image": "x", "privileged": true, "max_workers": 2}""", AuthMessages.PrivilegedActor },
        { """{"queue": "q", "use_container_uid": true}""", AuthMessages.PrivilegedQueue },
    };

    [Theory(DisplayName = "Registering with a privileged field (snake or camel) needs the privileged role")]
    [MemberData(nameof(PrivilegedBodies))]
    public async Task RegisterPrivileged(string body, string message)
    {
        Denied(await Decide("POST", "/actors", User, new FakeLookups(), json: body), message);
        Denied(await Decide("POST", "/actors", Limited, new FakeLookups(), json: body), message);
        Allowed(await Decide("POST", "/actors", Privileged, new FakeLookups(), json: body));
        Allowed(await Decide("POST", "/actors", Admin, new FakeLookups(), json: body));
    }

    [Theory(DisplayName = "Updating with a privileged field needs the privileged role, before any permission check")]
    [MemberData(nameof(PrivilegedBodies))]
    public async Task UpdatePrivileged(string body, string message)
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);

        Denied(await Decide("PUT", $"/actors/{id}", User, lookups, json: body), message);
        Denied(await Decide("PUT", $"/actors/{id}", User, new FakeLookups(), json: body), message);
        Allowed(await Decide("PUT", $"/actors/{id}", Privileged, lookups, json: body));
    }

    [Theory(DisplayName = "Falsy privileged fields are not a request for privileges")]
    [InlineData("""{"privileged": false, "max_workers": 0, "max_cpus": null, "mem_limit": "", "queue": null}""")]
    [InlineData("""{"privileged": "false", "useContainerUid": 0, "maxWorkers": "0"}""")]
    [InlineData("""{"image": "abacosamples/test"}""")]
    [InlineData("""["privileged"]""")]
    [InlineData("""  "a string body"  """)]
    public async Task FalsyFields(string body) =>
        Allowed(await Decide("POST", "/actors", User, new FakeLookups(), json: body));

    [Theory(DisplayName = "Message and state bodies are data: privileged-looking keys in them are not checked")]
    [InlineData("POST", "/actors/{id}/messages")]
    [InlineData("POST", "/actors/{id}/state")]
    public async Task UserData(string method, string template)
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);

        Allowed(await Decide(method, template.Replace("{id}", id), User, lookups,
            json: """{"privileged": true, "queue": "gpu", "max_workers": 5}"""));
    }

    [Fact(DisplayName = "Starting workers with max_workers is refused for privileges first, then as admin-only")]
    public async Task WorkersPrivilegedFirst()
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);

        Denied(await Decide("POST", $"/actors/{id}/workers", User, lookups, json: """{"max_workers": 2}"""),
            AuthMessages.PrivilegedMaxWorkers);
        Denied(await Decide("POST", $"/actors/{id}/workers", Privileged, lookups, json: """{"max_workers": 2}"""),
            AuthMessages.WorkersAdminOnly);
    }

    [Fact(DisplayName = "GET and DELETE never read the body")]
    public async Task NoBodyReads()
    {
        var id = NewActorId();
        var lookups = new FakeLookups().Grant(PermissionScope.Actor, DbId(id), "jdoe", PermissionLevel.Update);
        foreach (var method in new[] { "GET", "DELETE" })
        {
            var request = new AccessRequest(method, RoutedRequests.Access(method, $"/actors/{id}")!, Tenant, "jdoe", User,
                _ => throw new InvalidOperationException("the body was read"));
            Allowed(await Authorizer.DecideAsync(request, lookups, CancellationToken.None));
        }
    }
}
